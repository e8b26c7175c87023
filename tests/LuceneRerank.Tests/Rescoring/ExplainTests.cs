using Lucene.Net.Search;
using LuceneRerank.Rescoring;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>
/// One test per fact Explain reports. Window of three over first-pass scores 10, 8, 4, 2 (docs 0..3) with model scores
/// 1, 3, 2, 9 and min-max fusion with weights 0.25 (first pass) and 0.75 (model).
/// </summary>
public sealed class ExplainTests
{
    private static TestIndex Docs() => TestIndex.WithTexts("a score=1", "b score=3", "c score=2", "d score=9");

    private static TopDocs Hits() => TestIndex.FirstPass(4, (0, 10f), (1, 8f), (2, 4f), (3, 2f));

    private static NeuralRescorer Rescorer(ScoreFusion? fusion = null) => new(new ScriptedReranker(), new NeuralRescorerOptions
    {
        Window = 3,
        Fusion = fusion ?? ScoreFusion.NormalizedLinear(ScoreNormalization.MinMax, 0.25f, 0.75f),
    }, "q");

    private static Explanation Detail(Explanation explanation, string label) =>
        explanation.GetDetails().Single(d => d.Description.StartsWith(label, StringComparison.Ordinal));

    /// <summary>Rescores through Lucene's API and explains doc <paramref name="doc"/> with a first-pass explanation.</summary>
    private static Explanation Explain(int doc, ScoreFusion? fusion = null)
    {
        using var index = Docs();
        var rescorer = Rescorer(fusion);
        var hits = Hits();
        rescorer.Rescore(index.Searcher, hits, 4);
        var firstPassScore = hits.ScoreDocs.Single(s => s.Doc == doc).Score;
        return rescorer.Explain(index.Searcher, new Explanation(firstPassScore, "bm25 first pass"), doc);
    }

    [Test]
    public void The_value_is_the_returned_score_and_the_hit_matches()
    {
        using var index = Docs();
        var rescorer = Rescorer();
        var topDocs = rescorer.Rescore(index.Searcher, Hits(), 4);

        foreach (var scoreDoc in topDocs.ScoreDocs)
        {
            var explanation = rescorer.Explain(index.Searcher, new Explanation(0f, "bm25"), scoreDoc.Doc);
            Assert.That(explanation.Value, Is.EqualTo(scoreDoc.Score), $"doc {scoreDoc.Doc}");
            Assert.That(explanation.IsMatch, Is.True);
        }
    }

    [Test]
    public void First_pass_score_and_rank_are_stated_with_the_first_pass_explanation_nested()
    {
        var detail = Detail(Explain(1), "first-pass score");

        Assert.That(detail.Value, Is.EqualTo(8f));
        Assert.That(detail.Description, Does.Contain("first-pass rank 2"));
        Assert.That(detail.GetDetails().Single().Description, Is.EqualTo("bm25 first pass"));
    }

    [Test]
    public void Raw_model_score_is_stated_with_the_model_name_and_meaning()
    {
        var detail = Detail(Explain(1), "raw model score");

        Assert.That(detail.Value, Is.EqualTo(3f));
        Assert.That(detail.Description, Does.Contain("scripted-test-reranker"));
        Assert.That(detail.Description, Does.Contain("model rank 1"));
        Assert.That(detail.Description, Does.Contain("the number after score= in the passage"));
    }

    [TestCase("CUDA:0", "raw model score from gpu-reranker on CUDA:0 (model rank 1")]
    [TestCase("", "raw model score from gpu-reranker (model rank 1")]
    public void Raw_model_score_names_the_rerankers_active_execution_provider(string provider, string expected)
    {
        using var index = Docs();
        var reranker = new ScriptedReranker
        {
            Description = new() { Name = "gpu-reranker", MaxLength = 512, ScoreMeaning = "score=", ExecutionProvider = provider },
        };
        var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions { Window = 3 }, "q");
        rescorer.Rescore(index.Searcher, Hits(), 4);

        var detail = Detail(rescorer.Explain(index.Searcher, new Explanation(8f, "bm25"), 1), "raw model score");

        Assert.That(detail.Description, Does.StartWith(expected));
    }

    [Test]
    public void Normalised_scores_are_stated()
    {
        // First pass (10, 8, 4) → doc 1: (8 − 4) / 6 = 2/3. Model (1, 3, 2) → doc 1: 1.
        var explanation = Explain(1);

        Assert.That(Detail(explanation, "normalised first-pass score").Value, Is.EqualTo(2f / 3).Within(1e-6));
        Assert.That(Detail(explanation, "normalised model score").Value, Is.EqualTo(1f));
        Assert.That(Detail(explanation, "normalised model score").Description, Does.Contain("MinMax over the window"));
    }

    [Test]
    public void Fusion_mode_weights_and_formula_are_stated()
    {
        var detail = Detail(Explain(1), "fusion:");

        Assert.That(detail.Description, Does.Contain("NormalizedLinear (MinMax; first-pass weight 0.25, model weight 0.75)"));
        Assert.That(detail.Description, Does.Contain("final = 0.25 × 0.6666667 + 0.75 × 1 = 0.9166667"));
        Assert.That(detail.Value, Is.EqualTo(0.25f * 2 / 3 + 0.75f).Within(1e-6));
    }

    [Test]
    public void Replace_fusion_states_that_the_model_score_is_final_and_has_no_normalised_first_pass_score()
    {
        var explanation = Explain(2, ScoreFusion.Replace);

        Assert.That(Detail(explanation, "fusion:").Description, Does.Contain("final = model score = 2"));
        Assert.That(explanation.GetDetails().Any(d => d.Description.StartsWith("normalised first-pass", StringComparison.Ordinal)), Is.False);
        Assert.That(explanation.Value, Is.EqualTo(2f));
    }

    [Test]
    public void Inside_the_window_is_stated()
    {
        var detail = Detail(Explain(2), "window:");

        Assert.That(detail.Description, Does.StartWith("window: inside (first-pass rank 3 ≤ window 3)"));
        Assert.That(detail.Value, Is.EqualTo(1f));
    }

    [Test]
    public void Beyond_the_window_is_stated_with_the_policy_and_no_model_score()
    {
        // Doc 3 would score 9 with the model, but it is beyond the window.
        var explanation = Explain(3);

        Assert.That(Detail(explanation, "window:").Description, Does.StartWith("window: beyond (first-pass rank 4 > window 3)"));
        Assert.That(Detail(explanation, "window:").Description, Does.Contain("BeyondWindow is Append"));
        Assert.That(Detail(explanation, "raw model score").Description, Does.Contain("beyond the window"));
        Assert.That(Detail(explanation, "fusion:").Description, Does.Contain("not applied (beyond the window)"));
        Assert.That(Detail(explanation, "first-pass score").Value, Is.EqualTo(2f));
    }

    [Test]
    public void No_fallback_is_stated()
    {
        var detail = Detail(Explain(0), "fallback:");

        Assert.That(detail.Description, Is.EqualTo("fallback: not used"));
        Assert.That(detail.Value, Is.EqualTo(0f));
    }

    [Test]
    public async Task A_hit_cut_by_topN_is_not_a_match_and_says_so()
    {
        using var index = Docs();
        var result = await Rescorer().RescoreAsync(index.Searcher, Hits(), 1);

        var explanation = result.Explain(2);

        Assert.That(explanation.IsMatch, Is.False);
        Assert.That(explanation.Description, Does.Contain("below topN 1: not returned"));
    }

    [Test]
    public async Task A_result_keeps_explaining_its_own_rescoring_after_later_ones()
    {
        using var index = Docs();
        var rescorer = Rescorer(ScoreFusion.Replace);
        var first = await rescorer.RescoreAsync(index.Searcher, Hits(), 4);
        await rescorer.RescoreAsync(index.Searcher, Hits(), "another query", 4);

        Assert.That(first.Explain(1).Description, Does.Contain("for query \"q\""));
        Assert.That(rescorer.Explain(index.Searcher, new Explanation(8f, "bm25"), 1).Description, Does.Contain("\"another query\""));
    }

    [Test]
    public void A_first_pass_explanation_that_disagrees_with_the_rescored_score_is_flagged()
    {
        using var index = Docs();
        var rescorer = Rescorer();
        rescorer.Rescore(index.Searcher, Hits(), 4);

        var explanation = rescorer.Explain(index.Searcher, new Explanation(99f, "some other first pass"), 1);

        var firstPass = Detail(explanation, "first-pass score");
        Assert.That(firstPass.GetDetails().Last().Description, Does.StartWith("warning: the first-pass explanation's value 99 differs"));
    }

    [Test]
    public void A_document_the_last_rescoring_did_not_see_is_scored_alone_under_Replace()
    {
        using var index = Docs();
        var reranker = new ScriptedReranker();
        var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions { Window = 3 }, "q");
        rescorer.Rescore(index.Searcher, TestIndex.FirstPass(2, (0, 10f), (1, 8f)), 2);

        var explanation = rescorer.Explain(index.Searcher, new Explanation(1.5f, "bm25"), 3);

        Assert.That(explanation.Value, Is.EqualTo(9f));
        Assert.That(explanation.Description, Does.Contain("did not include it, so it was scored alone"));
        Assert.That(reranker.Calls.Last().Passages, Is.EqualTo(new[] { "d score=9" }));
    }

    [Test]
    public void A_document_scored_alone_under_a_window_dependent_fusion_has_no_invented_score()
    {
        using var index = Docs();
        var rescorer = Rescorer();

        var explanation = rescorer.Explain(index.Searcher, new Explanation(1.5f, "bm25"), 3);

        Assert.That(explanation.Value, Is.NaN);
        Assert.That(explanation.Description, Does.Contain("final score of this document alone is unknown"));
        Assert.That(Detail(explanation, "raw model score").Value, Is.EqualTo(9f));
        Assert.That(Detail(explanation, "first-pass score").Value, Is.EqualTo(1.5f));
    }

    [Test]
    public async Task A_document_outside_the_first_pass_is_reported_by_the_result()
    {
        using var index = Docs();
        var result = await Rescorer().RescoreAsync(index.Searcher, TestIndex.FirstPass(1, (0, 1f)), 1);

        var explanation = result.Explain(3);

        Assert.That(explanation.IsMatch, Is.False);
        Assert.That(explanation.Description, Does.Contain("was not among the 1 first-pass hits"));
    }
}
