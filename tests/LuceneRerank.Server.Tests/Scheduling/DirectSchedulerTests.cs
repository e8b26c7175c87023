using LuceneRerank.Server.Scheduling;
using LuceneRerank.Server.Tests.TestSupport;

namespace LuceneRerank.Server.Tests.Scheduling;

/// <summary>Batching off: one reranker call per request, at most N at once, the queue bound, cancellation while waiting.</summary>
public sealed class DirectSchedulerTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Requests_run_one_call_each_at_most_N_at_once_and_a_cancelled_waiter_is_never_scored()
    {
        var reranker = new TextFunctionReranker();
        using var scheduler = new DirectScheduler(reranker, maxQueuedPairs: 100, maxConcurrent: 1);
        reranker.Close();
        var first = scheduler.ScoreAsync("first", ["a", "b"], CancellationToken.None);
        await reranker.Waiting.Task.WaitAsync(s_bound);
        using var leaving = new CancellationTokenSource();
        var left = scheduler.ScoreAsync("leaving", ["c"], leaving.Token);
        var second = scheduler.ScoreAsync("second", ["d"], CancellationToken.None);

        Assert.That(reranker.Calls, Has.Count.EqualTo(1), "the second and third requests wait for the first");
        Assert.That(scheduler.QueuedPairs, Is.EqualTo(4));
        await leaving.CancelAsync();
        Assert.That(async () => await left.WaitAsync(s_bound), Throws.InstanceOf<OperationCanceledException>());
        reranker.Release();

        Assert.That(await first.WaitAsync(s_bound), Is.EqualTo(new[] { TextFunctionReranker.Expected("first", "a"), TextFunctionReranker.Expected("first", "b") }));
        Assert.That(await second.WaitAsync(s_bound), Is.EqualTo(new[] { TextFunctionReranker.Expected("second", "d") }));
        Assert.That(reranker.Calls.Select(c => c.Query), Is.EqualTo(new[] { "first", "second" }));
        Assert.That(scheduler.QueuedPairs, Is.Zero);
        Assert.That(async () => await scheduler.ScoreAsync("big", Enumerable.Repeat("x", 101).ToArray(), CancellationToken.None), Throws.TypeOf<QueueFullException>());
    }
}
