using System.Diagnostics;
using LuceneRerank.Remote;

namespace LuceneRerank.Tests.Remote;

/// <summary>HttpReranker's circuit breaker (Microsoft.Extensions.Http.Resilience): opens after failures in a row, fails fast naming the endpoint, half-opens after the break.</summary>
public sealed class HttpRerankerCircuitBreakerTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(20);

    private static HttpReranker Reranker(LoopbackRerankServer server, int failures, double breakSeconds = 30) => new(new HttpRerankerOptions
    {
        Endpoint = server.Url("v1/rerank"),
        MaxRetries = 0,
        CircuitBreakerFailures = failures,
        CircuitBreakerBreakDuration = TimeSpan.FromSeconds(breakSeconds),
        Timeout = TimeSpan.FromSeconds(10),
    });

    [Test]
    public async Task After_N_failures_in_a_row_the_circuit_opens_and_calls_fail_at_once_naming_the_endpoint()
    {
        using var server = new LoopbackRerankServer(_ => new CannedAnswer(500, "{\"error\":\"gpu lost\"}"));
        using var reranker = Reranker(server, failures: 3);

        for (var i = 0; i < 3; i++)
        {
            var failed = (await Assert.ThrowsAsync<RemoteRerankerException>(() => reranker.ScoreAsync("q", ["p score=1"]).WaitAsync(s_bound)))!;
            Assert.That(failed.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.InternalServerError));
        }

        var clock = Stopwatch.StartNew();
        var open = (await Assert.ThrowsAsync<RemoteRerankerException>(() => reranker.ScoreAsync("q", ["p score=1"]).WaitAsync(s_bound)))!;

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
        Assert.That(open.Message, Does.Contain($"circuit breaker for the rerank server at {server.Url("v1/rerank")} is open after 3"));
        Assert.That(open.Message, Does.Contain("fail at once for 30 s"));
        Assert.That(open.Endpoint, Is.EqualTo(server.Url("v1/rerank")));
        Assert.That(open.StatusCode, Is.Null);
        Assert.That(server.Requests, Has.Count.EqualTo(3), "the open circuit sent nothing");
    }

    [Test]
    public async Task After_the_break_one_attempt_goes_through_and_a_success_closes_the_circuit()
    {
        using var server = new LoopbackRerankServer((request, number, _) =>
            Task.FromResult(number < 2 ? new CannedAnswer(503, "{}") : RerankAnswers.Cohere(request)));
        using var reranker = Reranker(server, failures: 2, breakSeconds: 0.5);
        await Assert.ThrowsAsync<RemoteRerankerException>(() => reranker.ScoreAsync("q", ["p score=1"]).WaitAsync(s_bound));
        await Assert.ThrowsAsync<RemoteRerankerException>(() => reranker.ScoreAsync("q", ["p score=1"]).WaitAsync(s_bound));
        Assert.That((await Assert.ThrowsAsync<RemoteRerankerException>(() => reranker.ScoreAsync("q", ["p score=1"]).WaitAsync(s_bound)))!.Message,
            Does.Contain("circuit breaker"));

        await Task.Delay(TimeSpan.FromMilliseconds(700));
        var first = await reranker.ScoreAsync("q", ["p score=1.5"]).WaitAsync(s_bound);
        var second = await reranker.ScoreAsync("q", ["p score=2.5"]).WaitAsync(s_bound);

        Assert.That(first, Is.EqualTo(new[] { 1.5f }));
        Assert.That(second, Is.EqualTo(new[] { 2.5f }));
        Assert.That(server.Requests, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task A_success_among_the_failures_keeps_the_circuit_closed()
    {
        using var server = new LoopbackRerankServer((request, number, _) =>
            Task.FromResult(number == 1 ? RerankAnswers.Cohere(request) : new CannedAnswer(500, "{}")));
        using var reranker = Reranker(server, failures: 3);

        await Assert.ThrowsAsync<RemoteRerankerException>(() => reranker.ScoreAsync("q", ["p score=1"]).WaitAsync(s_bound));
        await Assert.DoesNotThrowAsync(() => reranker.ScoreAsync("q", ["p score=1"]).WaitAsync(s_bound));
        for (var i = 0; i < 3; i++)
        {
            Assert.That((await Assert.ThrowsAsync<RemoteRerankerException>(() => reranker.ScoreAsync("q", ["p score=1"]).WaitAsync(s_bound)))!.StatusCode,
                Is.Not.Null, "every call reached the server");
        }

        Assert.That(server.Requests, Has.Count.EqualTo(5));
    }

    [Test]
    public async Task Retried_attempts_count_toward_the_breaker()
    {
        using var server = new LoopbackRerankServer(_ => new CannedAnswer(503, "{}"));
        using var reranker = new HttpReranker(new HttpRerankerOptions
        {
            Endpoint = server.Url("v1/rerank"), MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1), CircuitBreakerFailures = 3,
        });
        var first = (await Assert.ThrowsAsync<RemoteRerankerException>(() => reranker.ScoreAsync("q", ["p"]).WaitAsync(s_bound)))!;
        var second = (await Assert.ThrowsAsync<RemoteRerankerException>(() => reranker.ScoreAsync("q", ["p"]).WaitAsync(s_bound)))!;

        Assert.That(first.Message, Does.Contain("answered 503").And.Contain("after 3 attempts"));
        Assert.That(second.Message, Does.Contain("circuit breaker"));
        Assert.That(server.Requests, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task With_the_breaker_off_every_call_reaches_the_server()
    {
        using var server = new LoopbackRerankServer(_ => new CannedAnswer(500, "{}"));
        using var reranker = Reranker(server, failures: 0);

        for (var i = 0; i < 8; i++)
        {
            await Assert.ThrowsAsync<RemoteRerankerException>(() => reranker.ScoreAsync("q", ["p"]).WaitAsync(s_bound));
        }

        Assert.That(server.Requests, Has.Count.EqualTo(8));
    }

    [TestCase(1, 30.0, "CircuitBreakerFailures must be 0 (no breaker) or at least 2, not 1")]
    [TestCase(-1, 30.0, "CircuitBreakerFailures must be 0 (no breaker) or at least 2, not -1")]
    [TestCase(5, 0.1, "CircuitBreakerBreakDuration must be at least 0.5 s")]
    public void Breaker_settings_that_cannot_work_are_refused(int failures, double breakSeconds, string problem)
    {
        Assert.That(() => new HttpReranker(new HttpRerankerOptions
            {
                Endpoint = new Uri("http://127.0.0.1:1/rerank"), CircuitBreakerFailures = failures, CircuitBreakerBreakDuration = TimeSpan.FromSeconds(breakSeconds),
            }),
            Throws.ArgumentException.With.Message.Contains(problem));
    }
}
