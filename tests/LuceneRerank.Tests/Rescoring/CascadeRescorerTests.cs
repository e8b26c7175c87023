using Lucene.Net.Search;
using LuceneRerank.Rescoring;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>Stages in a row: windows, tails, fallbacks per stage, timings, and one Explain over every stage.</summary>
public sealed class CascadeRescorerTests
{
    // Docs 0..5 with score= values; the first pass ranks them 0 (best) .. 5.
    private static TestIndex SixDocs() => TestIndex.WithTexts(
        "a score=1", "b score=5", "c score=3", "d score=4", "e score=9", "f score=2");

    private static TopDocs SixHits() => TestIndex.FirstPass(60, (0, 6f), (1, 5f), (2, 4f), (3, 3f), (4, 2f), (5, 1f));

    /// <summary>Minus score=: the reverse of <see cref="ScriptedReranker"/>'s order.</summary>
    private static ScriptedReranker Negated() => new(p => -ScriptedReranker.ScoreFromText(p))
    {
        Description = new() { Name = "negated", MaxLength = 64, ScoreMeaning = "minus score=" },
    };

    private static CascadeRescorer TwoStages(ScriptedReranker first, ScriptedReranker second, FailurePolicy secondPolicy = FailurePolicy.Throw) =>
        new(
        [
            new CascadeStage(first, new NeuralRescorerOptions { Window = 4 }),
            new CascadeStage(second, new NeuralRescorerOptions { Window = 2, FailurePolicy = secondPolicy }),
        ], "q");

    [Test]
    public async Task A_later_stage_reranks_only_the_top_of_the_previous_result_and_the_rest_keeps_its_order()
    {
        using var index = SixDocs();
        var first = new ScriptedReranker();
        var second = Negated();
        var cascade = TwoStages(first, second);

        var result = await cascade.RescoreAsync(index.Searcher, SixHits(), 6);

        // Stage 1 (window 4: docs 0-3, score= 1 5 3 4): 1 3 2 0, then 4 5. Stage 2 (window 2, minus score=): 2 1.
        Assert.That(first.Calls.Single().Passages, Has.Length.EqualTo(4));
        Assert.That(second.Calls.Single().Passages, Is.EqualTo(new[] { "b score=5", "d score=4" }));
        Assert.That(result.Stages[0].TopDocs.ScoreDocs.Select(d => d.Doc), Is.EqualTo(new[] { 1, 3, 2, 0, 4, 5 }));
        Assert.That(result.TopDocs.ScoreDocs.Select(d => d.Doc), Is.EqualTo(new[] { 3, 1, 2, 0, 4, 5 }));
        Assert.That(result.TopDocs.ScoreDocs.Select(d => d.Score), Is.Ordered.Descending);
        Assert.That(result.TopDocs.ScoreDocs[2].Score, Is.LessThan(result.TopDocs.ScoreDocs[1].Score));
        Assert.That(result.TopDocs.TotalHits, Is.EqualTo(60));
        Assert.That(result.Stages.Select(s => s.Window), Is.EqualTo(new[] { 4, 2 }));
        Assert.That(result.StageTimings, Has.Count.EqualTo(2));
        Assert.That(result.StageTimings.All(t => t.Elapsed > TimeSpan.Zero), Is.True);
        Assert.That(result.Elapsed, Is.GreaterThanOrEqualTo(result.StageTimings.Max(t => t.Elapsed)));
        Assert.That(cascade.LastResult, Is.SameAs(result));
    }

    [Test]
    public async Task Only_the_last_stage_cuts_to_topN()
    {
        using var index = SixDocs();
        var result = await TwoStages(new ScriptedReranker(), Negated()).RescoreAsync(index.Searcher, SixHits(), 3);

        Assert.That(result.Stages[0].TopDocs.ScoreDocs, Has.Length.EqualTo(6));
        Assert.That(result.TopDocs.ScoreDocs.Select(d => d.Doc), Is.EqualTo(new[] { 3, 1, 2 }));
    }

    [Test]
    public async Task A_stage_that_falls_back_passes_the_previous_order_on_and_Explain_says_so()
    {
        using var index = SixDocs();
        var failing = new ScriptedReranker { ThrowAtPassage = 0 };
        var result = await TwoStages(new ScriptedReranker(), failing, FailurePolicy.FallBackToFirstPass)
            .RescoreAsync(index.Searcher, SixHits(), 6);

        Assert.That(result.FallbackUsed, Is.True);
        Assert.That(result.Stages[1].FallbackReason, Is.EqualTo(FallbackReason.RerankerFailed));
        Assert.That(result.TopDocs.ScoreDocs.Select(d => (d.Doc, d.Score)),
            Is.EqualTo(result.Stages[0].TopDocs.ScoreDocs.Select(d => (d.Doc, d.Score))));
        var stage2 = result.Explain(1).GetDetails()[1];
        Assert.That(stage2.Description, Does.StartWith("stage 2 of 2: scripted-test-reranker, window 2, fell back (RerankerFailed)"));
        Assert.That(stage2.GetDetails()[0].GetDetails().Single(d => d.Description.StartsWith("fallback:", StringComparison.Ordinal)).Description,
            Does.Contain("used (RerankerFailed)"));
    }

    [Test]
    public async Task A_stage_with_FailurePolicy_Throw_stops_the_cascade()
    {
        using var index = SixDocs();
        var cascade = TwoStages(new ScriptedReranker(), new ScriptedReranker { ThrowAtPassage = 0 });

        Assert.That(async () => await cascade.RescoreAsync(index.Searcher, SixHits(), 6), Throws.InvalidOperationException);
        await Task.CompletedTask;
    }

    [Test]
    public async Task Explain_shows_every_stage_with_first_pass_window_model_and_fusion()
    {
        using var index = SixDocs();
        var cascade = TwoStages(new ScriptedReranker(), Negated());
        var result = await cascade.RescoreAsync(index.Searcher, SixHits(), 6);

        var inBoth = result.Explain(3, new Explanation(3f, "bm25"));
        var onlyFirst = result.Explain(0);
        var beyondBoth = result.Explain(4);

        Assert.That(inBoth.Description, Does.StartWith("cascade rescore of doc 3 for query \"q\" in 2 stages: returned at rank 1 of 6"));
        Assert.That(inBoth.Value, Is.EqualTo(result.TopDocs.ScoreDocs[0].Score));
        var stages = inBoth.GetDetails();
        Assert.That(stages.Select(s => s.Description), Is.EqualTo(new[] { "stage 1 of 2: scripted-test-reranker, window 4", "stage 2 of 2: negated, window 2" }));
        var first = stages[0].GetDetails()[0].GetDetails();
        Assert.That(first[0].Description, Does.StartWith("first-pass score (first-pass rank 4)"));
        Assert.That(first[0].GetDetails()[0].Description, Is.EqualTo("bm25"));
        Assert.That(first.Single(d => d.Description.StartsWith("raw model score", StringComparison.Ordinal)).Value, Is.EqualTo(4f));
        var second = stages[1].GetDetails()[0].GetDetails();
        Assert.That(second[0].Description, Does.StartWith("first-pass score (first-pass rank 2)"), "stage 2's input is stage 1's result");
        Assert.That(second[0].Value, Is.EqualTo(4f), "stage 2's first-pass score is stage 1's final score");
        Assert.That(second.Single(d => d.Description.StartsWith("raw model score", StringComparison.Ordinal)).Value, Is.EqualTo(-4f));
        Assert.That(second.Single(d => d.Description.StartsWith("window:", StringComparison.Ordinal)).Description, Does.StartWith("window: inside"));

        var onlyFirstStage2 = onlyFirst.GetDetails()[1].GetDetails()[0].GetDetails();
        Assert.That(onlyFirstStage2.Single(d => d.Description.StartsWith("window:", StringComparison.Ordinal)).Description, Does.StartWith("window: beyond"));
        Assert.That(beyondBoth.GetDetails()[0].GetDetails()[0].GetDetails()
            .Single(d => d.Description.StartsWith("window:", StringComparison.Ordinal)).Description, Does.StartWith("window: beyond"));
    }

    [Test]
    public async Task Drop_in_a_stage_leaves_the_hits_out_of_the_later_stages_and_Explain_says_where()
    {
        using var index = SixDocs();
        var cascade = new CascadeRescorer(
        [
            new CascadeStage(new ScriptedReranker(), new NeuralRescorerOptions { Window = 4, BeyondWindow = BeyondWindowPolicy.Drop }),
            new CascadeStage(Negated(), new NeuralRescorerOptions { Window = 2 }),
        ], "q");

        var result = await cascade.RescoreAsync(index.Searcher, SixHits(), 6);

        Assert.That(result.TopDocs.ScoreDocs.Select(d => d.Doc), Is.EqualTo(new[] { 3, 1, 2, 0 }));
        Assert.That(result.Explain(5).Description, Does.EndWith("dropped by stage 1 (beyond its window, BeyondWindow is Drop): not returned"));
        Assert.That(result.Explain(42).Description, Does.EndWith("not among the first-pass hits"));
    }

    [Test]
    public void Lucene_API_with_a_bound_query_rescored_and_explained()
    {
        using var index = SixDocs();
        Rescorer rescorer = TwoStages(new ScriptedReranker(), Negated());

        var topDocs = rescorer.Rescore(index.Searcher, SixHits(), 2);
        var explanation = rescorer.Explain(index.Searcher, new Explanation(3f, "bm25"), 3);

        Assert.That(topDocs.ScoreDocs.Select(d => d.Doc), Is.EqualTo(new[] { 3, 1 }));
        Assert.That(explanation.Description, Does.StartWith("cascade rescore of doc 3"));
    }

    [Test]
    public void An_unbound_cascade_refuses_Lucene_Rescore_and_ForQuery_binds_it()
    {
        using var index = SixDocs();
        var unbound = new CascadeRescorer([new CascadeStage(new ScriptedReranker(), new NeuralRescorerOptions { Window = 4 })]);

        Assert.That(() => unbound.Rescore(index.Searcher, SixHits(), 2),
            Throws.InvalidOperationException.With.Message.Contains("CascadeRescorer.ForQuery"));
        var bound = unbound.ForQuery("q");
        Assert.That(bound.Query, Is.EqualTo("q"));
        Assert.That(bound.Stages, Is.SameAs(unbound.Stages));
        Assert.That(bound.Rescore(index.Searcher, SixHits(), 1).ScoreDocs.Single().Doc, Is.EqualTo(1));
    }

    [Test]
    public void A_later_stage_with_a_larger_window_or_no_stage_is_refused()
    {
        Assert.That(() => new CascadeRescorer(
            [
                new CascadeStage(new ScriptedReranker(), new NeuralRescorerOptions { Window = 2 }),
                new CascadeStage(new ScriptedReranker(), new NeuralRescorerOptions { Window = 3 }),
            ]),
            Throws.ArgumentException.With.Message.Contains("Stage 2's window (3) is larger than stage 1's (2)"));
        Assert.That(() => new CascadeRescorer([]), Throws.ArgumentException.With.Message.Contains("at least one stage"));
    }

    [Test]
    public async Task Empty_first_pass_or_topN_zero_calls_no_reranker()
    {
        using var index = SixDocs();
        var first = new ScriptedReranker();
        var second = Negated();
        var cascade = TwoStages(first, second);

        var none = await cascade.RescoreAsync(index.Searcher, TestIndex.FirstPass(0), 5);
        var zero = await cascade.RescoreAsync(index.Searcher, SixHits(), 0);

        Assert.That(none.TopDocs.ScoreDocs, Is.Empty);
        Assert.That(zero.TopDocs.ScoreDocs, Is.Empty);
        Assert.That(first.Calls, Is.Empty);
        Assert.That(second.Calls, Is.Empty);
    }

    [Test]
    public async Task Stage_timings_carry_each_stages_own_tokenisation_and_inference()
    {
        using var index = SixDocs();
        var cascade = new CascadeRescorer(
        [
            new CascadeStage(new ReportingReranker("cascade-timing-1"), new NeuralRescorerOptions { Window = 4 }),
            new CascadeStage(new ReportingReranker("cascade-timing-2"), new NeuralRescorerOptions { Window = 2 }),
        ], "q");

        var result = await cascade.RescoreAsync(index.Searcher, SixHits(), 6);

        Assert.That(result.StageTimings.Select(t => t.Tokenization.Ticks), Is.EqualTo(new[]
        {
            Ticks(4 * ReportingReranker.TokenizationTicksPerPassage), Ticks(2 * ReportingReranker.TokenizationTicksPerPassage),
        }));
        Assert.That(result.StageTimings.Select(t => t.Inference.Ticks), Is.EqualTo(new[]
        {
            Ticks(4 * ReportingReranker.InferenceTicksPerPassage), Ticks(2 * ReportingReranker.InferenceTicksPerPassage),
        }));
    }

    private static long Ticks(long stopwatchTicks) => System.Diagnostics.Stopwatch.GetElapsedTime(0, stopwatchTicks).Ticks;
}
