using LuceneRerank.Rescoring;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>
/// Each fusion mode on one hand-checkable window: first-pass scores 10, 8, 4 (docs 0, 1, 2) and model scores 1, 3, 2.
/// </summary>
public sealed class ScoreFusionTests
{
    private static async Task<RescoreResult> Fuse(ScoreFusion fusion)
    {
        using var index = TestIndex.WithTexts("a score=1", "b score=3", "c score=2");
        var firstPass = TestIndex.FirstPass(3, (0, 10f), (1, 8f), (2, 4f));
        return await new NeuralRescorer(new ScriptedReranker(), new NeuralRescorerOptions { Fusion = fusion })
            .RescoreAsync(index.Searcher, firstPass, "q", 3);
    }

    private static (int Doc, float Score)[] Hits(RescoreResult result) =>
        result.TopDocs.ScoreDocs.Select(s => (s.Doc, s.Score)).ToArray();

    private static void AssertHits(RescoreResult result, params (int Doc, double Score)[] expected)
    {
        var actual = Hits(result);
        Assert.That(actual.Select(h => h.Doc), Is.EqualTo(expected.Select(e => e.Doc)));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.That(actual[i].Score, Is.EqualTo(expected[i].Score).Within(1e-6), $"score at rank {i + 1}");
        }
    }

    [Test]
    public async Task Replace_uses_the_model_score()
    {
        var result = await Fuse(ScoreFusion.Replace);
        AssertHits(result, (1, 3), (2, 2), (0, 1));
    }

    [Test]
    public async Task Linear_weights_the_raw_scores()
    {
        // 0.5·10 + 2·1 = 7; 0.5·8 + 2·3 = 10; 0.5·4 + 2·2 = 6
        var result = await Fuse(ScoreFusion.Linear(0.5f, 2f));
        AssertHits(result, (1, 10), (0, 7), (2, 6));
    }

    [Test]
    public async Task NormalizedLinear_min_max_scales_both_lists_to_0_1()
    {
        // First pass (10, 8, 4) → (1, 2/3, 0); model (1, 3, 2) → (0, 1, 1/2).
        var result = await Fuse(ScoreFusion.NormalizedLinear(ScoreNormalization.MinMax, 0.5f, 0.5f));
        AssertHits(result, (1, 0.5 * 2 / 3 + 0.5), (0, 0.5), (2, 0.25));
        var doc0 = result.FindHit(0)!;
        Assert.That(doc0.NormalizedFirstPassScore, Is.EqualTo(1f));
        Assert.That(doc0.NormalizedModelScore, Is.EqualTo(0f));
    }

    [Test]
    public async Task NormalizedLinear_z_score_uses_the_population_standard_deviation()
    {
        // First pass: mean 22/3, variance ((8/3)² + (2/3)² + (10/3)²) / 3 = 56/9. Model: mean 2, variance 2/3.
        double Fp(double x) => (x - 22.0 / 3) / Math.Sqrt(56.0 / 9);
        double Model(double y) => (y - 2) / Math.Sqrt(2.0 / 3);
        var result = await Fuse(ScoreFusion.NormalizedLinear(ScoreNormalization.ZScore, 1f, 1f));
        AssertHits(result, (1, Fp(8) + Model(3)), (0, Fp(10) + Model(1)), (2, Fp(4) + Model(2)));
    }

    [Test]
    public async Task ReciprocalRank_adds_weighted_reciprocal_ranks()
    {
        // k 1. First-pass ranks 1, 2, 3; model ranks (by 1, 3, 2) 3, 1, 2.
        // Weights (2, 1): doc0 2/2 + 1/4 = 1.25; doc1 2/3 + 1/2 = 7/6; doc2 2/4 + 1/3 = 5/6.
        var weighted = await Fuse(ScoreFusion.ReciprocalRank(k: 1, firstPassWeight: 2, modelWeight: 1));
        AssertHits(weighted, (0, 1.25), (1, 7.0 / 6), (2, 5.0 / 6));
        Assert.That(weighted.FindHit(0)!.ModelRank, Is.EqualTo(3));
        Assert.That(weighted.FindHit(0)!.NormalizedModelScore, Is.EqualTo(0.25f));
    }

    [Test]
    public async Task ReciprocalRank_defaults_to_k_60_and_equal_weights()
    {
        var fusion = ScoreFusion.ReciprocalRank();
        Assert.That(fusion.K, Is.EqualTo(60f));
        var result = await Fuse(fusion);
        AssertHits(result, (1, 1.0 / 62 + 1.0 / 61), (0, 1.0 / 61 + 1.0 / 63), (2, 1.0 / 63 + 1.0 / 62));
    }

    [Test]
    public async Task Min_max_of_equal_scores_is_one_half()
    {
        using var index = TestIndex.WithTexts("a score=2", "b score=2");
        var firstPass = TestIndex.FirstPass(2, (0, 5f), (1, 3f));
        var result = await new NeuralRescorer(new ScriptedReranker(),
                new NeuralRescorerOptions { Fusion = ScoreFusion.NormalizedLinear(ScoreNormalization.MinMax, 1f, 1f) })
            .RescoreAsync(index.Searcher, firstPass, "q", 2);

        Assert.That(result.Hits.Select(h => h.NormalizedModelScore), Is.EqualTo(new float?[] { 0.5f, 0.5f }));
        AssertHits(result, (0, 1.5), (1, 0.5));
    }

    [Test]
    public void The_default_fusion_is_Replace()
    {
        Assert.That(new NeuralRescorerOptions().Fusion.Mode, Is.EqualTo(FusionMode.Replace));
    }

    [TestCase("replace", FusionMode.Replace, 0f, 1f)]
    [TestCase("linear:0.2,0.8", FusionMode.Linear, 0.2f, 0.8f)]
    [TestCase("minmax", FusionMode.NormalizedLinear, 0.5f, 0.5f)]
    [TestCase("ZScore:1,3", FusionMode.NormalizedLinear, 1f, 3f)]
    [TestCase("rrf", FusionMode.ReciprocalRank, 1f, 1f)]
    public void Parse_reads_the_console_syntax(string text, FusionMode mode, float firstPassWeight, float modelWeight)
    {
        var fusion = ScoreFusion.Parse(text);
        Assert.That((fusion.Mode, fusion.FirstPassWeight, fusion.ModelWeight), Is.EqualTo((mode, firstPassWeight, modelWeight)));
    }

    [Test]
    public void Parse_reads_rrf_k_and_the_normalisation()
    {
        Assert.That(ScoreFusion.Parse("rrf:10").K, Is.EqualTo(10f));
        Assert.That(ScoreFusion.Parse("zscore").Normalization, Is.EqualTo(ScoreNormalization.ZScore));
    }

    [TestCase("cosine", "Unknown fusion")]
    [TestCase("linear", "Unknown fusion")]
    [TestCase("linear:a,b", "is not a number")]
    [TestCase("linear:-1,1", "Weights must be")]
    public void Parse_rejects_bad_text_with_a_clear_message(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => ScoreFusion.Parse(text));
        Assert.That(error!.Message, Does.Contain(message));
    }

    [Test]
    public void Options_reject_a_window_below_one_and_a_non_positive_budget()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new NeuralRescorerOptions { Window = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new NeuralRescorerOptions { TimeBudget = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = ScoreFusion.ReciprocalRank(k: -1));
    }

    [Test]
    public void ToString_names_mode_and_weights()
    {
        Assert.That(ScoreFusion.NormalizedLinear(ScoreNormalization.ZScore, 0.3f, 0.7f).ToString(),
            Is.EqualTo("NormalizedLinear (ZScore; first-pass weight 0.3, model weight 0.7)"));
    }
}
