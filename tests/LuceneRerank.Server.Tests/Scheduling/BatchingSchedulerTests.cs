using LuceneRerank.Server.Scheduling;
using LuceneRerank.Server.Tests.TestSupport;

namespace LuceneRerank.Server.Tests.Scheduling;

/// <summary>The dynamic batcher: answers reach the right request, cancellation drops pairs before compute, round robin, the queue bound.</summary>
public sealed class BatchingSchedulerTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);

    private static BatchingScheduler Scheduler(TextFunctionReranker reranker, int tokenBudget = 4096, int maxQueuedPairs = 100_000, double waitMs = 2, int workers = 1) =>
        new(PairScorer.For(reranker, tokenBudget), maxQueuedPairs, TimeSpan.FromMilliseconds(waitMs), workers: workers);

    private static string[] Passages(string prefix, int count) => Enumerable.Range(0, count).Select(i => $"{prefix} passage {i}").ToArray();

    [TestCase(1)]
    [TestCase(4)]
    public async Task Concurrent_requests_each_get_their_own_scores_none_lost_none_scored_twice(int workers)
    {
        var reranker = new TextFunctionReranker();
        using var scheduler = Scheduler(reranker, tokenBudget: 600, workers: workers);
        var random = new Random(7);
        var requests = Enumerable.Range(0, 200).Select(r => (Query: $"query {r}", Passages: Passages($"r{r}", random.Next(1, 40)))).ToArray();

        var answers = await Task.WhenAll(requests.Select(r => Task.Run(() => scheduler.ScoreAsync(r.Query, r.Passages, CancellationToken.None))))
            .WaitAsync(s_bound);

        for (var r = 0; r < requests.Length; r++)
        {
            Assert.That(answers[r], Is.EqualTo(requests[r].Passages.Select(p => TextFunctionReranker.Expected(requests[r].Query, p)).ToArray()), $"request {r}");
        }

        var total = requests.Sum(r => r.Passages.Length);
        Assert.That(reranker.Scored, Has.Count.EqualTo(total), "every pair scored exactly once");
        Assert.That(reranker.Scored.Distinct().Count(), Is.EqualTo(total));
        Assert.That(scheduler.PairsScored, Is.EqualTo(total));
        Assert.That(scheduler.PairsDropped, Is.Zero);
        Assert.That(scheduler.QueuedPairs, Is.Zero);
        Assert.That(scheduler.Batches, Is.LessThan(requests.Length), "pairs of concurrent requests shared batches");
    }

    [Test]
    public async Task A_cancelled_request_is_answered_as_cancelled_and_its_pairs_are_never_computed()
    {
        var reranker = new TextFunctionReranker();
        using var scheduler = Scheduler(reranker);
        reranker.Close();
        var blocker = scheduler.ScoreAsync("blocker", ["b"], CancellationToken.None);
        await reranker.Waiting.Task.WaitAsync(s_bound);
        using var leaving = new CancellationTokenSource();
        var left = scheduler.ScoreAsync("leaving", Passages("leaving", 5), leaving.Token);
        var stays = scheduler.ScoreAsync("stays", Passages("stays", 3), CancellationToken.None);

        await leaving.CancelAsync();
        Assert.That(async () => await left.WaitAsync(s_bound), Throws.InstanceOf<OperationCanceledException>());
        reranker.Release();
        await Task.WhenAll(blocker, stays).WaitAsync(s_bound);

        Assert.That(reranker.Scored.Select(p => p.Query), Has.None.EqualTo("leaving"));
        Assert.That(scheduler.PairsDropped, Is.EqualTo(5));
        Assert.That(scheduler.QueuedPairs, Is.Zero);
    }

    [Test]
    public async Task A_huge_request_shares_batches_round_robin_so_a_small_one_is_not_starved()
    {
        var reranker = new TextFunctionReranker();
        // Pairs here are estimated at 8 tokens ((query + passage characters) / 4 + 4): a budget of 40 holds five per batch.
        using var scheduler = Scheduler(reranker, tokenBudget: 40);
        reranker.Close();
        var blocker = scheduler.ScoreAsync("blocker", ["b"], CancellationToken.None);
        await reranker.Waiting.Task.WaitAsync(s_bound);
        var huge = scheduler.ScoreAsync("huge", Passages("h", 400), CancellationToken.None);
        var small = scheduler.ScoreAsync("small", Passages("s", 2), CancellationToken.None);
        await Task.Delay(50);
        reranker.Release();

        await small.WaitAsync(s_bound);
        await Task.WhenAll(blocker, huge).WaitAsync(s_bound);
        var calls = reranker.Calls;
        var smallCall = calls.ToList().FindIndex(c => c.Query == "small");
        Assert.That(smallCall, Is.InRange(1, 2), "the small request's pairs went into the first batch after the blocker: " +
            string.Join(", ", calls.Take(5)));
        Assert.That(calls.Count(c => c.Query == "huge"), Is.GreaterThan(50), "the huge request was cut into many batches");
        Assert.That(calls.Where(c => c.Query == "huge").Max(c => c.Count), Is.LessThanOrEqualTo(5));
    }

    [Test]
    public async Task A_request_beyond_the_queue_bound_is_refused_and_the_queue_frees_as_requests_finish()
    {
        var reranker = new TextFunctionReranker();
        using var scheduler = Scheduler(reranker, maxQueuedPairs: 5);
        reranker.Close();
        var first = scheduler.ScoreAsync("first", Passages("f", 3), CancellationToken.None);
        await reranker.Waiting.Task.WaitAsync(s_bound);

        Assert.That(async () => await scheduler.ScoreAsync("second", Passages("s", 3), CancellationToken.None),
            Throws.TypeOf<QueueFullException>().With.Message.Contains("max_queued_pairs 5"));
        Assert.That(scheduler.QueuedPairs, Is.EqualTo(3));
        reranker.Release();
        await first.WaitAsync(s_bound);
        Assert.That(await scheduler.ScoreAsync("third", Passages("t", 5), CancellationToken.None).WaitAsync(s_bound), Has.Length.EqualTo(5));
    }

    [Test]
    public async Task A_failing_reranker_fails_the_requests_of_its_batch_and_the_scheduler_goes_on()
    {
        var failing = new FailingOnceReranker();
        using var scheduler = new BatchingScheduler(PairScorer.For(failing, 4096), 1000, TimeSpan.Zero);

        Assert.That(async () => await scheduler.ScoreAsync("q", ["a"], CancellationToken.None).WaitAsync(s_bound),
            Throws.InvalidOperationException.With.Message.EqualTo("model failed"));
        Assert.That(await scheduler.ScoreAsync("q", ["a", "b"], CancellationToken.None).WaitAsync(s_bound), Is.EqualTo(new[] { 1f, 1f }));
    }

    [Test]
    public void After_dispose_a_request_is_refused()
    {
        var scheduler = Scheduler(new TextFunctionReranker());
        scheduler.Dispose();

        Assert.That(async () => await scheduler.ScoreAsync("q", ["a"], CancellationToken.None), Throws.TypeOf<ObjectDisposedException>());
    }

    private sealed class FailingOnceReranker : LuceneRerank.Reranking.IReranker
    {
        private int _calls;

        public LuceneRerank.Reranking.RerankerDescription Description { get; } = new() { Name = "failing", MaxLength = 16, ScoreMeaning = "1" };

        public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _calls) == 1
                ? throw new InvalidOperationException("model failed")
                : Task.FromResult(passages.Select(_ => 1f).ToArray());
    }
}
