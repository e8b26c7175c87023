using LuceneRerank.Reranking.Pairwise;
using LuceneRerank.Tests.Reranking.Generative;

namespace LuceneRerank.Tests.Reranking.Pairwise;

/// <summary>
/// Pairwise ranking prompting: exact scores on the oracle T5 (label A's logit = key words in passage A, B's in B),
/// and on a position-biased recording double that shows both orders are asked and the bias cancels.
/// </summary>
public sealed class PairwiseRerankerTests
{
    private const string Query = "which study";

    private static PairwisePromptTemplate OraclePrompt => OracleRankingModel.Pairwise();

    private static string[] Passages(params int[] keys) => [.. keys.Select(k => OracleRankingModel.Passage(k))];

    [Test]
    public async Task All_pairs_score_is_the_sum_of_preferences()
    {
        // preference(i, j) = c_i − c_j, so score_i = Σ_j (c_i − c_j) = n·c_i − Σc = 4c − 6.
        using var model = OracleRankingModel.Open();
        var reranker = new PairwiseReranker(model, OraclePrompt);
        var scores = await reranker.ScoreAsync(Query, Passages(1, 3, 0, 2));
        Assert.That(scores, Is.EqualTo(new float[] { -2, 6, -6, 2 }));
        Assert.That(reranker.Statistics.ForwardPasses, Is.EqualTo(12), "n(n − 1) passes");
    }

    [Test]
    public async Task Bubble_top_k_settles_the_top_positions()
    {
        // keys [0,3,1,2], K = 2: pass 1 (back to front) compares keys 1|2, 3|2, 0|3 and gives order 3,0,2,1 (by key);
        // pass 2 meets 2|1 again (not asked again) and compares 0|2: order 3,2,0,1. Four comparisons, eight passes.
        using var model = OracleRankingModel.Open();
        var reranker = new PairwiseReranker(model, OraclePrompt, new PairwiseRerankerOptions { Strategy = PairwiseStrategy.BubbleTopK, TopK = 2 });
        var scores = await reranker.ScoreAsync(Query, Passages(0, 3, 1, 2));
        Assert.That(scores, Is.EqualTo(new float[] { 2, 4, 1, 3 }));
        Assert.That(reranker.Statistics.ForwardPasses, Is.EqualTo(2 * 4), "2 × (3 + 2) without the repeated pair");
    }

    [Test]
    public async Task Auto_switches_to_bubble_sort_above_the_all_pairs_limit()
    {
        using var model = OracleRankingModel.Open();
        var reranker = new PairwiseReranker(model, OraclePrompt, new PairwiseRerankerOptions { AllPairsMaxCandidates = 3, TopK = 1 });
        var scores = await reranker.ScoreAsync(Query, Passages(0, 3, 1, 2));
        Assert.That(scores[1], Is.EqualTo(4f), "the best passage bubbles to the top");
        Assert.That(reranker.Statistics.ForwardPasses, Is.EqualTo(2 * 3));
    }

    [Test]
    public async Task Every_pair_is_asked_in_both_orders_and_position_bias_cancels()
    {
        var fake = BiasedModel(bias: 5);
        var reranker = new PairwiseReranker(fake, Template());
        var passages = new[] { "good", "good good good", "bad", "good good" };
        var scores = await reranker.ScoreAsync("q", passages);
        Assert.That(scores, Is.EqualTo(new float[] { -2, 6, -6, 2 }), "4c − 6 with c = [1,3,0,2]; the +5 bias towards A cancels");
        var asked = fake.Prompts.Select(p => (Between(p, "A:", "B:"), Between(p, "B:", "answer"))).ToHashSet();
        var expected = from a in passages from b in passages where a != b select (a, b);
        Assert.That(asked, Is.EquivalentTo(expected));
    }

    [Test]
    public async Task Identical_passages_tie()
    {
        var reranker = new PairwiseReranker(BiasedModel(bias: 3), Template());
        var scores = await reranker.ScoreAsync("q", ["good x", "good good", "good x"]);
        Assert.That(scores[0], Is.EqualTo(scores[2]));
        Assert.That(scores[1], Is.GreaterThan(scores[0]));
    }

    [Test]
    public async Task Bubble_sort_ties_keep_the_first_stage_order()
    {
        // No passage has a "good" word: every preference is 0 (the bias cancels), so nothing swaps.
        var reranker = new PairwiseReranker(BiasedModel(bias: 2), Template(), new PairwiseRerankerOptions { Strategy = PairwiseStrategy.BubbleTopK, TopK = 2 });
        Assert.That(await reranker.ScoreAsync("q", ["x", "y", "z", "w"]), Is.EqualTo(new float[] { 4, 3, 2, 1 }));
    }

    [Test]
    public async Task One_passage_needs_no_comparison()
    {
        var fake = BiasedModel(bias: 0);
        var reranker = new PairwiseReranker(fake, Template());
        Assert.That(await reranker.ScoreAsync("q", ["alone"]), Is.EqualTo(new float[] { 0 }));
        Assert.That(await reranker.ScoreAsync("q", []), Is.Empty);
        Assert.That(fake.Prompts, Is.Empty);
        Assert.That(reranker.Statistics.ForwardPasses, Is.Zero);
    }

    [Test]
    public void Bad_labels_and_logits_are_clear_errors()
    {
        var fake = BiasedModel(bias: 0);
        var same = Assert.Throws<InvalidDataException>(() => new PairwiseReranker(fake, Template() with { LabelB = "A" }));
        Assert.That(same!.Message, Does.Contain("distinct"));
        var multi = Assert.Throws<InvalidDataException>(() => new PairwiseReranker(fake, Template() with { LabelA = "passage one" }));
        Assert.That(multi!.Message, Does.Contain("\"passage one\""));
        var nan = new PairwiseReranker(new FakeLabelModel((_, _) => [float.NaN, 0]), Template());
        var e = Assert.ThrowsAsync<InvalidDataException>(() => nan.ScoreAsync("q", ["a", "b"]));
        Assert.That(e.Result!.Message, Does.Contain("non-finite"));
        Assert.Throws<FormatException>(() => new PairwiseReranker(fake, Template() with { Template = "{query} {passage_a}" }));
    }

    private static PairwisePromptTemplate Template() => new() { Template = "q: {query} A: {passage_a} B: {passage_b} answer" };

    /// <summary>logit(A) = "good" words in passage A + bias; logit(B) = "good" words in passage B.</summary>
    private static FakeLabelModel BiasedModel(float bias) => new((prompt, _) =>
        [FakeLabelModel.Count(Between(prompt, "A:", "B:"), "good") + bias, FakeLabelModel.Count(Between(prompt, "B:", "answer"), "good")]);

    private static string Between(string text, string from, string to)
    {
        var start = text.IndexOf(" " + from + " ", StringComparison.Ordinal) + from.Length + 2;
        var end = text.IndexOf(" " + to, start, StringComparison.Ordinal);
        return text[start..end];
    }
}
