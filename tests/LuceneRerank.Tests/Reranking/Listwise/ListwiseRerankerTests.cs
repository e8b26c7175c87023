using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Listwise;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Tests.Reranking.Generative;

namespace LuceneRerank.Tests.Reranking.Listwise;

/// <summary>
/// Listwise single-token reranking: exact rankings on the oracle T5 (label k's logit = key words in the k-th passage
/// of the prompt), and edge cases on a recording test double.
/// </summary>
public sealed class ListwiseRerankerTests
{
    private const string Query = "which study";

    private static ListwisePromptTemplate OraclePrompt => OracleRankingModel.Listwise();

    private static string[] Passages(params int[] keys) => [.. keys.Select(k => OracleRankingModel.Passage(k))];

    [Test]
    public async Task Fewer_hits_than_a_window_are_ranked_in_one_pass()
    {
        using var model = OracleRankingModel.Open();
        var reranker = new ListwiseReranker(model, OraclePrompt);
        var scores = await reranker.ScoreAsync(Query, Passages(1, 3, 0, 2));
        Assert.That(scores, Is.EqualTo(new float[] { 2, 4, 1, 3 }));
        Assert.That(reranker.Statistics.ForwardPasses, Is.EqualTo(1));
    }

    [Test]
    public async Task Windows_slide_from_the_back_to_the_front()
    {
        // window 3, stride 2 over keys [0,1,2,3,4]: window [2,5) puts 4,3,2; then window [0,3) over items 0,1,4
        // puts 4,1,0: final order 4,1,0,3,2 (only the top window-stride places are guaranteed sorted).
        using var model = OracleRankingModel.Open();
        var reranker = new ListwiseReranker(model, OraclePrompt, new ListwiseRerankerOptions { Window = 3, Stride = 2 });
        var scores = await reranker.ScoreAsync(Query, Passages(0, 1, 2, 3, 4));
        Assert.That(scores, Is.EqualTo(new float[] { 3, 4, 1, 2, 5 }));
        Assert.That(reranker.Statistics.ForwardPasses, Is.EqualTo(2));
    }

    [Test]
    public async Task Window_equal_to_stride_sorts_disjoint_windows_only()
    {
        // windows [3,5), [1,3), [0,1): the last holds one passage and needs no pass. Order 0,2,1,4,3.
        using var model = OracleRankingModel.Open();
        var reranker = new ListwiseReranker(model, OraclePrompt, new ListwiseRerankerOptions { Window = 2, Stride = 2 });
        var scores = await reranker.ScoreAsync(Query, Passages(0, 1, 2, 3, 4));
        Assert.That(scores, Is.EqualTo(new float[] { 5, 3, 4, 1, 2 }));
        Assert.That(reranker.Statistics.ForwardPasses, Is.EqualTo(2));
    }

    [Test]
    public async Task Default_windows_bring_the_ten_best_of_25_to_the_top_in_order()
    {
        var keys = new[] { 3, 17, 0, 22, 9, 14, 1, 24, 6, 11, 19, 4, 8, 23, 2, 13, 20, 5, 16, 10, 21, 7, 12, 18, 15 };
        using var model = OracleRankingModel.Open(maxLength: 4096);
        var reranker = new ListwiseReranker(model, OraclePrompt);
        var scores = await reranker.ScoreAsync(Query, Passages(keys));
        var ranked = Enumerable.Range(0, keys.Length).OrderByDescending(i => scores[i]).Select(i => keys[i]).ToArray();
        Assert.That(ranked[..10], Is.EqualTo(new[] { 24, 23, 22, 21, 20, 19, 18, 17, 16, 15 }));
        Assert.That(scores.Order().ToArray(), Is.EqualTo(Enumerable.Range(1, 25).Select(i => (float)i).ToArray()));
        Assert.That(reranker.Statistics.ForwardPasses, Is.EqualTo(2));
    }

    [Test]
    public void The_prompt_labels_each_passage_with_its_single_token_label()
    {
        using var model = OracleRankingModel.Open();
        var reranker = new ListwiseReranker(model, OraclePrompt);
        var ids = reranker.BuildPrompt(Query, ["x y", "z"], [12.5f, 3f]);
        Assert.That(ids, Is.EqualTo(model.Encode("query: which study rank the 2 passages. passage A: x y passage B: z answer:")));
        var insertRank = new ListwiseReranker(model, OraclePrompt, new ListwiseRerankerOptions { InsertFirstStageScores = true });
        Assert.That(
            insertRank.BuildPrompt(Query, ["x y", "z"], [12.5f, 3f]),
            Is.EqualTo(model.Encode("query: which study rank the 2 passages. passage A: (12.50) x y passage B: (3.00) z answer:")));
    }

    [Test]
    public async Task InsertRank_writes_first_stage_scores_through_ICandidateReranker()
    {
        var fake = new FakeLabelModel((_, labels) => new float[labels.Count]);
        var template = new ListwisePromptTemplate { Prefix = "q: {query}", Passage = " [{label}] {passage}", InsertRankPassage = " [{label}] bm25={first_stage_score} {passage}", Suffix = " answer" };
        ICandidateReranker reranker = new ListwiseReranker(fake, template, new ListwiseRerankerOptions { InsertFirstStageScores = true });
        await reranker.ScoreCandidatesAsync("q", [new RerankCandidate("one", 12.5f, 0), new RerankCandidate("two", 7.25f, 1)]);
        Assert.That(fake.Prompts.Single(), Is.EqualTo("q: q [A] bm25=12.50 one [B] bm25=7.25 two answer"));
    }

    [Test]
    public void InsertRank_without_an_InsertRank_entry_names_the_manifest_key()
    {
        var fake = new FakeLabelModel((_, labels) => new float[labels.Count]);
        var e = Assert.Throws<InvalidDataException>(() => new ListwiseReranker(fake, Template(), new ListwiseRerankerOptions { InsertFirstStageScores = true }));
        Assert.That(e!.Message, Does.Contain("\"insertRankTemplate\"").And.Contain("{first_stage_score}"));
    }

    [Test]
    public async Task Equal_label_logits_keep_the_current_order()
    {
        var fake = new FakeLabelModel((_, labels) => [.. labels.Select(_ => 1.5f)]);
        var reranker = new ListwiseReranker(fake, Template());
        Assert.That(await reranker.ScoreAsync("q", ["a", "b", "c"]), Is.EqualTo(new float[] { 3, 2, 1 }));
    }

    [Test]
    public void Non_finite_label_logits_are_an_error_naming_the_label()
    {
        var fake = new FakeLabelModel((_, labels) => [.. labels.Select(l => l == "B" ? float.NaN : 0f)]);
        var reranker = new ListwiseReranker(fake, Template());
        var e = Assert.ThrowsAsync<InvalidDataException>(() => reranker.ScoreAsync("q", ["a", "b", "c"]));
        Assert.That(e.Result!.Message, Does.Contain("'B'").And.Contain("non-finite"));
    }

    [Test]
    public void Labels_must_be_single_distinct_tokens_and_cover_the_window()
    {
        var fake = new FakeLabelModel((_, labels) => new float[labels.Count]);
        var multi = Assert.Throws<InvalidDataException>(() => new ListwiseReranker(fake, Template() with { Labels = ["A", "B C"] }, new ListwiseRerankerOptions { Window = 2, Stride = 1 }));
        Assert.That(multi!.Message, Does.Contain("\"B C\"").And.Contain("exactly one token"));
        var duplicate = Assert.Throws<InvalidDataException>(() => new ListwiseReranker(fake, Template() with { Labels = ["A", "A"] }, new ListwiseRerankerOptions { Window = 2, Stride = 1 }));
        Assert.That(duplicate!.Message, Does.Contain("distinct"));
        var few = Assert.Throws<InvalidDataException>(() => new ListwiseReranker(fake, Template() with { Labels = ["A", "B"] }));
        Assert.That(few!.Message, Does.Contain("2 labels for a window of 20"));
    }

    [Test]
    public async Task Passages_are_cut_to_the_passage_budget_never_the_query()
    {
        var fake = new FakeLabelModel((_, labels) => new float[labels.Count]);
        var reranker = new ListwiseReranker(fake, Template() with { MaxPassageTokens = 3 });
        await reranker.ScoreAsync("a long query of six words", ["1 2 3 4 5", "6 7"]);
        Assert.That(fake.Prompts.Single(), Is.EqualTo("q: a long query of six words [A] 1 2 3 [B] 6 7 answer"));

        var tight = new FakeLabelModel((_, labels) => new float[labels.Count], maxLength: 8);
        var e = Assert.ThrowsAsync<PromptTooLongException>(() => new ListwiseReranker(tight, Template()).ScoreAsync("a long query of six words", ["x", "y"]));
        Assert.That(e.Result!.Message, Does.Contain("maximum of 8"));
    }

    [Test]
    public async Task One_passage_needs_no_pass_and_none_gives_nothing()
    {
        var fake = new FakeLabelModel((_, labels) => new float[labels.Count]);
        var reranker = new ListwiseReranker(fake, Template());
        Assert.That(await reranker.ScoreAsync("q", ["only"]), Is.EqualTo(new float[] { 1 }));
        Assert.That(await reranker.ScoreAsync("q", []), Is.Empty);
        Assert.That(fake.Prompts, Is.Empty);
    }

    private static ListwisePromptTemplate Template() => new() { Prefix = "q: {query}", Passage = " [{label}] {passage}", Suffix = " answer" };
}
