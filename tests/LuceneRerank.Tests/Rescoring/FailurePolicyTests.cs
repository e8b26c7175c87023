using Lucene.Net.Search;
using LuceneRerank.Rescoring;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>Model failures, unusable output, cancellation and the time budget, under both failure policies.</summary>
public sealed class FailurePolicyTests
{
    // Model scores 1, 5, 3, 4 on a first pass in doc order.
    private static TestIndex FourDocs() => TestIndex.WithTexts("a score=1", "b score=5", "c score=3", "d score=4");

    private static TopDocs FourHits() => TestIndex.FirstPass(40, (0, 4f), (1, 3f), (2, 2f), (3, 1f));

    /// <summary>Turns a hang (the behaviour under test broken) into a test failure instead of a stuck run.</summary>
    private static async Task<T> Guarded<T>(Task<T> task)
    {
        if (await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(30))) != task)
        {
            Assert.Fail("the rescoring did not finish within 30 s");
        }

        return await task;
    }

    private static NeuralRescorer Rescorer(ScriptedReranker reranker, FailurePolicy policy, TimeSpan? budget = null,
        BeyondWindowPolicy beyond = BeyondWindowPolicy.Append, int window = 100) =>
        new(reranker, new NeuralRescorerOptions
        {
            FailurePolicy = policy, TimeBudget = budget, BeyondWindow = beyond, Window = window,
        }, "q");

    private static Explanation Detail(Explanation explanation, string label) =>
        explanation.GetDetails().Single(d => d.Description.StartsWith(label, StringComparison.Ordinal));

    private static void AssertFirstPassOrder(RescoreResult result, int count)
    {
        var expected = FourHits().ScoreDocs.Take(count).Select(s => (s.Doc, s.Score));
        Assert.That(result.TopDocs.ScoreDocs.Select(s => (s.Doc, s.Score)), Is.EqualTo(expected));
    }

    [Test]
    public void A_reranker_throwing_mid_batch_falls_back_to_the_first_pass_order_and_Explain_says_why()
    {
        using var index = FourDocs();
        var reranker = new ScriptedReranker { BatchSize = 2, ThrowAtPassage = 2 };
        var rescorer = Rescorer(reranker, FailurePolicy.FallBackToFirstPass);

        var topDocs = rescorer.Rescore(index.Searcher, FourHits(), 3);
        var explanation = rescorer.Explain(index.Searcher, new Explanation(3f, "bm25"), 1);

        Assert.That(reranker.PassagesScored, Is.EqualTo(2), "the first batch was scored before the failure");
        Assert.That(topDocs.ScoreDocs.Select(s => (s.Doc, s.Score)), Is.EqualTo(new[] { (0, 4f), (1, 3f), (2, 2f) }));
        Assert.That(topDocs.TotalHits, Is.EqualTo(40));
        Assert.That(topDocs.MaxScore, Is.EqualTo(4f));
        var result = rescorer.LastResult!;
        Assert.That(result.FallbackReason, Is.EqualTo(FallbackReason.RerankerFailed));
        Assert.That(result.Failure, Is.TypeOf<InvalidOperationException>());
        var fallback = Detail(explanation, "fallback:");
        Assert.That(fallback.Description, Does.Contain("used (RerankerFailed)"));
        Assert.That(fallback.Description, Does.Contain("InvalidOperationException: model failed in the batch starting at passage 2"));
        Assert.That(explanation.Value, Is.EqualTo(3f), "the final score is the first-pass score");
        Assert.That(Detail(explanation, "raw model score").Value, Is.NaN);
    }

    [Test]
    public async Task A_reranker_throwing_under_Throw_propagates_its_exception()
    {
        using var index = FourDocs();
        var rescorer = Rescorer(new ScriptedReranker { ThrowAtPassage = 3 }, FailurePolicy.Throw);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => rescorer.RescoreAsync(index.Searcher, FourHits(), 4));
        Assert.That(error!.Message, Does.Contain("model failed"));
        Assert.Throws<InvalidOperationException>(() => rescorer.Rescore(index.Searcher, FourHits(), 4));
        Assert.That(new NeuralRescorerOptions().FailurePolicy, Is.EqualTo(FailurePolicy.Throw), "the default never hides failures");
    }

    [Test]
    public async Task The_fallback_holds_the_same_hits_a_successful_rescoring_would_hold()
    {
        using var index = FourDocs();
        var rescorer = Rescorer(new ScriptedReranker { ThrowAtPassage = 0 }, FailurePolicy.FallBackToFirstPass,
            beyond: BeyondWindowPolicy.Drop, window: 2);

        var result = await rescorer.RescoreAsync(index.Searcher, FourHits(), 10);

        AssertFirstPassOrder(result, 2);
    }

    [TestCase(3, "returned 3 scores for 4 passages")]
    [TestCase(5, "returned 5 scores for 4 passages")]
    public async Task A_wrong_number_of_scores_is_a_reranker_failure(int count, string message)
    {
        using var index = FourDocs();
        var reranker = new ScriptedReranker { Corrupt = s => s.Concat(new[] { 0f }).Take(count).ToArray() };

        var error = await Assert.ThrowsAsync<InvalidRerankerOutputException>(() =>
            Rescorer(reranker, FailurePolicy.Throw).RescoreAsync(index.Searcher, FourHits(), 4));
        var fallback = await Rescorer(reranker, FailurePolicy.FallBackToFirstPass).RescoreAsync(index.Searcher, FourHits(), 4);

        Assert.That(error!.Message, Does.Contain(message));
        Assert.That(fallback.FallbackReason, Is.EqualTo(FallbackReason.InvalidRerankerOutput));
        AssertFirstPassOrder(fallback, 4);
        Assert.That(fallback.Explain(2).GetDetails().Last().Description, Does.Contain(message));
    }

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    public async Task A_non_finite_score_is_a_reranker_failure(float bad)
    {
        using var index = FourDocs();
        var reranker = new ScriptedReranker { Corrupt = s => { s[2] = bad; return s; } };

        var error = await Assert.ThrowsAsync<InvalidRerankerOutputException>(() =>
            Rescorer(reranker, FailurePolicy.Throw).RescoreAsync(index.Searcher, FourHits(), 4));
        var fallback = await Rescorer(reranker, FailurePolicy.FallBackToFirstPass).RescoreAsync(index.Searcher, FourHits(), 4);

        Assert.That(error!.Message, Does.Contain($"returned {bad} for passage 2 (first-pass rank 3)"));
        Assert.That(fallback.FallbackUsed, Is.True);
        AssertFirstPassOrder(fallback, 4);
    }

    [Test]
    public async Task Caller_cancellation_throws_even_when_falling_back_is_allowed()
    {
        using var index = FourDocs();
        var reranker = new ScriptedReranker { HangHonouringToken = true };
        var rescorer = Rescorer(reranker, FailurePolicy.FallBackToFirstPass, budget: TimeSpan.FromMinutes(5));
        using var cancellation = new CancellationTokenSource();

        var rescoring = rescorer.RescoreAsync(index.Searcher, FourHits(), 4, cancellation.Token);
        await reranker.Started.Task;
        cancellation.Cancel();

        var error = await Assert.CatchAsync<OperationCanceledException>(() => Guarded(rescoring));
        Assert.That(error!.CancellationToken, Is.EqualTo(cancellation.Token));
        Assert.That(rescorer.LastResult, Is.Null);
    }

    [Test]
    public async Task Caller_cancellation_stops_waiting_for_a_reranker_that_ignores_its_token()
    {
        using var index = FourDocs();
        var reranker = new ScriptedReranker { HangIgnoringToken = true };
        using var cancellation = new CancellationTokenSource();

        var rescoring = Rescorer(reranker, FailurePolicy.FallBackToFirstPass).RescoreAsync(index.Searcher, FourHits(), 4, cancellation.Token);
        await reranker.Started.Task;
        cancellation.Cancel();

        await Assert.CatchAsync<OperationCanceledException>(() => Guarded(rescoring));
    }

    [Test]
    public async Task An_already_cancelled_token_throws_before_any_work()
    {
        using var index = FourDocs();
        var reranker = new ScriptedReranker();

        await Assert.CatchAsync<OperationCanceledException>(() =>
            Rescorer(reranker, FailurePolicy.FallBackToFirstPass).RescoreAsync(index.Searcher, FourHits(), 4, new CancellationToken(true)));
        Assert.That(reranker.Calls, Is.Empty);
    }

    [Test]
    public async Task An_expired_time_budget_falls_back_and_Explain_says_so()
    {
        using var index = FourDocs();
        var rescorer = Rescorer(new ScriptedReranker { HangHonouringToken = true }, FailurePolicy.FallBackToFirstPass,
            budget: TimeSpan.FromMilliseconds(50));

        var result = await Guarded(rescorer.RescoreAsync(index.Searcher, FourHits(), 4));

        Assert.That(result.FallbackReason, Is.EqualTo(FallbackReason.TimeBudgetExpired));
        Assert.That(result.Failure, Is.TypeOf<TimeoutException>());
        AssertFirstPassOrder(result, 4);
        var fallback = Detail(result.Explain(3), "fallback:");
        Assert.That(fallback.Description, Does.Contain("TimeBudgetExpired"));
        Assert.That(fallback.Description, Does.Contain("time budget of 50 ms"));
    }

    [Test]
    public async Task An_expired_time_budget_does_not_wait_for_a_reranker_that_ignores_its_token()
    {
        using var index = FourDocs();
        var rescorer = Rescorer(new ScriptedReranker { HangIgnoringToken = true }, FailurePolicy.FallBackToFirstPass,
            budget: TimeSpan.FromMilliseconds(50));

        var result = await Guarded(rescorer.RescoreAsync(index.Searcher, FourHits(), 4));

        Assert.That(result.FallbackReason, Is.EqualTo(FallbackReason.TimeBudgetExpired));
    }

    [Test]
    public async Task An_expired_time_budget_under_Throw_raises_a_TimeoutException()
    {
        using var index = FourDocs();
        var rescorer = Rescorer(new ScriptedReranker { HangHonouringToken = true }, FailurePolicy.Throw,
            budget: TimeSpan.FromMilliseconds(50));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Guarded(rescorer.RescoreAsync(index.Searcher, FourHits(), 4)));

        Assert.That(error!.Message, Does.Contain("scripted-test-reranker did not finish within the time budget of 50 ms"));
    }

    [Test]
    public async Task A_time_budget_that_is_not_exceeded_changes_nothing()
    {
        using var index = FourDocs();

        var result = await Rescorer(new ScriptedReranker(), FailurePolicy.Throw, budget: TimeSpan.FromMinutes(5))
            .RescoreAsync(index.Searcher, FourHits(), 4);

        Assert.That(result.FallbackUsed, Is.False);
        Assert.That(result.TopDocs.ScoreDocs.Select(s => s.Doc), Is.EqualTo(new[] { 1, 3, 2, 0 }));
    }
}
