using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>Where the reranker's call runs, and that an answer arriving after cancellation is never used.</summary>
public sealed class RerankerInvokerTests
{
    private static readonly RerankCandidate[] s_candidates = [new("a", 2f, 0), new("b", 1f, 1)];

    [Test]
    public async Task With_nothing_that_can_cancel_the_reranker_runs_inline_on_the_callers_thread()
    {
        var reranker = new ThreadRecordingReranker();
        var caller = Environment.CurrentManagedThreadId;

        var task = RerankerInvoker.ScoreAsync(reranker, "q", s_candidates, CancellationToken.None);

        Assert.That(task.IsCompleted, Is.True, "no hop: a synchronous reranker has finished when the call returns");
        Assert.That(await task, Is.EqualTo(new[] { 1f, 1f }));
        Assert.That(reranker.Thread, Is.EqualTo(caller));
    }

    [Test]
    public async Task With_a_cancellable_token_the_reranker_runs_off_the_callers_thread()
    {
        var reranker = new ThreadRecordingReranker();
        using var cancellation = new CancellationTokenSource();
        var caller = Environment.CurrentManagedThreadId;

        await RerankerInvoker.ScoreAsync(reranker, "q", s_candidates, cancellation.Token);

        Assert.That(reranker.Thread, Is.Not.EqualTo(caller));
    }

    [Test]
    public async Task A_rescoring_with_no_budget_and_no_token_completes_synchronously()
    {
        using var index = TestIndex.WithTexts("a", "b");
        var reranker = new ThreadRecordingReranker();
        var rescorer = new NeuralRescorer(reranker);

        var task = rescorer.RescoreAsync(index.Searcher, TestIndex.FirstPass(2, (0, 2f), (1, 1f)), "q", 2);

        Assert.That(task.IsCompleted, Is.True);
        Assert.That((await task).FallbackUsed, Is.False);
        Assert.That(reranker.Thread, Is.EqualTo(Environment.CurrentManagedThreadId));
    }

    [TestCase(FailurePolicy.FallBackToFirstPass)]
    [TestCase(FailurePolicy.Throw)]
    public async Task Scores_returned_after_the_budget_ran_out_are_discarded(FailurePolicy policy)
    {
        using var index = TestIndex.WithTexts("a", "b");
        var reranker = new AnswersAfterCancellationReranker();
        var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions
        {
            FailurePolicy = policy,
            TimeBudget = TimeSpan.FromMilliseconds(50),
        });
        var firstPass = TestIndex.FirstPass(2, (0, 2f), (1, 1f));

        if (policy == FailurePolicy.Throw)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => rescorer.RescoreAsync(index.Searcher, firstPass, "q", 2));
            return;
        }

        var result = await rescorer.RescoreAsync(index.Searcher, firstPass, "q", 2);
        Assert.That(result.FallbackReason, Is.EqualTo(FallbackReason.TimeBudgetExpired));
        Assert.That(result.TopDocs.ScoreDocs.Select(s => (s.Doc, s.Score)), Is.EqualTo(new[] { (0, 2f), (1, 1f) }),
            "the late scores would have reversed the order");
    }

    [Test]
    public async Task Scores_returned_after_the_caller_cancelled_are_discarded()
    {
        using var index = TestIndex.WithTexts("a", "b");
        var reranker = new AnswersAfterCancellationReranker();
        var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions { FailurePolicy = FailurePolicy.FallBackToFirstPass });
        using var cancellation = new CancellationTokenSource();

        var rescoring = rescorer.RescoreAsync(index.Searcher, TestIndex.FirstPass(2, (0, 2f), (1, 1f)), "q", 2, cancellation.Token);
        await reranker.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        cancellation.Cancel();

        await Assert.CatchAsync<OperationCanceledException>(() => rescoring.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.That(rescorer.LastResult, Is.Null);
    }

    /// <summary>Scores every passage 1 synchronously and records the thread it ran on.</summary>
    private sealed class ThreadRecordingReranker : IReranker
    {
        public int Thread { get; private set; }

        public RerankerDescription Description { get; } = new() { Name = "thread-recording", MaxLength = 512, ScoreMeaning = "1" };

        public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
        {
            Thread = Environment.CurrentManagedThreadId;
            return Task.FromResult(passages.Select(_ => 1f).ToArray());
        }
    }

    /// <summary>Works synchronously until its token is cancelled, then returns valid scores (the reverse of the first pass).</summary>
    private sealed class AnswersAfterCancellationReranker : IReranker
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RerankerDescription Description { get; } = new() { Name = "late", MaxLength = 512, ScoreMeaning = "position" };

        public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
        {
            Started.TrySetResult();
            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            return Task.FromResult(Enumerable.Range(0, passages.Count).Select(i => (float)i).ToArray());
        }
    }
}
