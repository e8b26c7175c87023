using System.Net;
using System.Net.Http.Headers;
using LuceneRerank.Remote;

namespace LuceneRerank.Tests.Remote;

/// <summary>Which statuses are retried and how long the wait before a retry is.</summary>
public sealed class RetryDelaysTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_base = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_max = TimeSpan.FromSeconds(10);

    [TestCase(429, true)]
    [TestCase(502, true)]
    [TestCase(503, true)]
    [TestCase(504, true)]
    [TestCase(500, false)]
    [TestCase(400, false)]
    [TestCase(401, false)]
    [TestCase(404, false)]
    public void Only_overload_and_gateway_statuses_are_retried(int status, bool retried) =>
        Assert.That(RetryDelays.IsRetryable((HttpStatusCode)status), Is.EqualTo(retried));

    [Test]
    public void Without_Retry_After_the_wait_doubles_per_retry_up_to_the_cap()
    {
        var waits = Enumerable.Range(0, 10).Select(r => RetryDelays.Next(null, r, s_base, s_max, s_now)).ToArray();

        Assert.That(waits.Take(4), Is.EqualTo(new[] { 100, 200, 400, 800 }.Select(ms => TimeSpan.FromMilliseconds(ms))));
        Assert.That(waits[^1], Is.EqualTo(s_max));
        Assert.That(RetryDelays.Next(null, int.MaxValue, s_base, s_max, s_now), Is.EqualTo(s_max), "no overflow");
    }

    [Test]
    public void Retry_After_in_seconds_is_honoured_and_capped()
    {
        Assert.That(RetryDelays.Next(new RetryConditionHeaderValue(TimeSpan.FromSeconds(3)), 0, s_base, s_max, s_now),
            Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(RetryDelays.Next(new RetryConditionHeaderValue(TimeSpan.FromSeconds(3600)), 0, s_base, s_max, s_now),
            Is.EqualTo(s_max));
    }

    [Test]
    public void Retry_After_as_a_date_waits_until_that_date_and_a_past_date_waits_nothing()
    {
        Assert.That(RetryDelays.Next(new RetryConditionHeaderValue(s_now.AddSeconds(4)), 0, s_base, s_max, s_now),
            Is.EqualTo(TimeSpan.FromSeconds(4)));
        Assert.That(RetryDelays.Next(new RetryConditionHeaderValue(s_now.AddSeconds(-30)), 0, s_base, s_max, s_now),
            Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void The_header_parses_from_the_wire_in_both_forms()
    {
        var seconds = RetryConditionHeaderValue.Parse("7");
        var date = RetryConditionHeaderValue.Parse(s_now.AddSeconds(5).ToString("R"));

        Assert.That(RetryDelays.Next(seconds, 0, s_base, s_max, s_now), Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(RetryDelays.Next(date, 0, s_base, s_max, s_now), Is.EqualTo(TimeSpan.FromSeconds(5)));
    }
}
