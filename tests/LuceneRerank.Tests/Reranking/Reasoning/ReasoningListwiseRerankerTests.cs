using LuceneRerank.Reranking.Reasoning;

namespace LuceneRerank.Tests.Reranking.Reasoning;

/// <summary>The reasoning listwise reranker with an oracle generator that reasons and writes the true permutation.</summary>
public sealed class ReasoningListwiseRerankerTests
{
    private static ReasoningListwiseReranker Reranker(ScriptedTextGenerator generator, int window = 4, int stride = 2, int? maxNewTokens = null) =>
        new(generator, RelevanceOracle.ListTemplate, "oracle", new ReasoningListwiseRerankerOptions { Window = window, Stride = stride, MaxNewTokens = maxNewTokens });

    [Test]
    public async Task Windows_sliding_back_to_front_bring_the_oracle_top_to_the_front()
    {
        // Windows of 4 with stride 2 over 10 passages: 1 + ceil(6 / 2) = 4 generations; the best passage (rel 9, at
        // the back) rises window by window to rank 1, as RankGPT's sliding window does.
        int[] relevance = [2, 0, 5, 1, 3, 4, 6, 7, 8, 9];
        var generator = new ScriptedTextGenerator().On("Answer:$", RelevanceOracle.Permutation);
        var reranker = Reranker(generator);

        var result = await reranker.ScoreWithReasoningAsync("q", RelevanceOracle.Passages(relevance));

        Assert.That(generator.Prompts, Has.Count.EqualTo(4));
        var order = RelevanceOracle.OrderOf(result.Scores);
        Assert.That(order[..2], Is.EqualTo(new[] { 9, 8 }), "the window's stride carries the top two to the front");
        Assert.That(result.Reasoning.Select(r => r.Passages.Count), Is.All.EqualTo(4));
        Assert.That(result.Reasoning[0].Passages, Is.EqualTo(new[] { 6, 7, 8, 9 }), "the last window first");
        Assert.That(result.Reasoning.Select(r => r.Outcome), Is.All.EqualTo("clean permutation"));
    }

    [Test]
    public async Task One_window_over_all_passages_gives_the_exact_oracle_order()
    {
        int[] relevance = [3, 9, 0, 7, 5, 1, 8, 2, 6, 4];
        var generator = new ScriptedTextGenerator().On("Answer:$", RelevanceOracle.Permutation);
        var reranker = Reranker(generator, window: 20, stride: 10);

        var scores = await reranker.ScoreAsync("q", RelevanceOracle.Passages(relevance));

        Assert.That(RelevanceOracle.OrderOf(scores), Is.EqualTo(RelevanceOracle.IdealOrder(relevance)));
        Assert.That(reranker.ReasoningStatistics.Generations, Is.EqualTo(1));
    }

    [Test]
    public async Task A_malformed_permutation_is_repaired_and_every_repair_counted()
    {
        var generator = new ScriptedTextGenerator().On("Answer:$", _ => "<think>r</think><answer>[3] > [3] > [9] > [1]</answer>");
        var reranker = Reranker(generator, window: 4);

        var result = await reranker.ScoreWithReasoningAsync("q", RelevanceOracle.Passages(0, 0, 0, 0));

        Assert.That(RelevanceOracle.OrderOf(result.Scores), Is.EqualTo(new[] { 2, 0, 1, 3 }));
        var statistics = reranker.ReasoningStatistics;
        Assert.That((statistics.MissingIds, statistics.RepeatedIds, statistics.OutOfRangeIds), Is.EqualTo((2L, 1L, 1L)));
        Assert.That(result.Reasoning.Single().Outcome, Does.StartWith("repaired permutation: 2 missing"));
    }

    [Test]
    public async Task No_answer_leaves_the_window_in_its_order_and_is_counted()
    {
        var generator = new ScriptedTextGenerator().On("Answer:$", _ => "<think>[4] > [3] looks right but</think> I will not answer");
        var reranker = Reranker(generator, window: 4);

        var result = await reranker.ScoreWithReasoningAsync("q", RelevanceOracle.Passages(0, 1, 2, 3));

        Assert.That(RelevanceOracle.OrderOf(result.Scores), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        Assert.That(reranker.ReasoningStatistics.MissingAnswers, Is.EqualTo(1));
        Assert.That(result.Reasoning.Single().Text, Is.EqualTo("[4] > [3] looks right but"));
    }

    [Test]
    public async Task Generation_cut_at_the_token_limit_keeps_the_window_and_reports_the_limit()
    {
        var generator = new ScriptedTextGenerator().On("Answer:$", p => "<think>" + new string('.', 100) + "</think><answer>[2] > [1]</answer>");
        var reranker = Reranker(generator, window: 4, maxNewTokens: 30);

        var result = await reranker.ScoreWithReasoningAsync("q", RelevanceOracle.Passages(0, 1));

        Assert.That(RelevanceOracle.OrderOf(result.Scores), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(reranker.ReasoningStatistics.TokenLimitHits, Is.EqualTo(1));
        Assert.That(result.Reasoning.Single().Outcome, Does.Contain("stopped at maxNewTokens 30"));
    }

    [Test]
    public async Task Reasoning_is_cut_to_the_configured_length()
    {
        var generator = new ScriptedTextGenerator().On("Answer:$", _ => "<think>" + new string('r', 50) + "</think><answer>[1] > [2]</answer>");
        var reranker = new ReasoningListwiseReranker(generator, RelevanceOracle.ListTemplate, "oracle", new ReasoningListwiseRerankerOptions { MaxReasoningChars = 10 });

        var result = await reranker.ScoreWithReasoningAsync("q", RelevanceOracle.Passages(0, 1));

        Assert.That(result.Reasoning.Single().Text, Is.EqualTo(new string('r', 10) + "…"));
    }

    [Test]
    public async Task A_single_passage_needs_no_generation()
    {
        var generator = new ScriptedTextGenerator();
        var reranker = Reranker(generator);

        Assert.That(await reranker.ScoreAsync("q", ["only"]), Is.EqualTo(new[] { 1f }));
        Assert.That(generator.Prompts, Is.Empty);
    }

    [Test]
    public void A_stride_above_the_window_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Reranker(new ScriptedTextGenerator(), window: 4, stride: 5));
    }

    [Test]
    public void A_template_without_the_passage_placeholder_is_refused()
    {
        var template = RelevanceOracle.ListTemplate with { Entry = "[{label}]\n" };

        Assert.Throws<FormatException>(() => new ReasoningListwiseReranker(new ScriptedTextGenerator(), template, "oracle"));
    }
}
