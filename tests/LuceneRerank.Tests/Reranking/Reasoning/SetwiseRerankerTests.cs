using LuceneRerank.Reranking.Reasoning;

namespace LuceneRerank.Tests.Reranking.Reasoning;

/// <summary>The setwise reranker with an oracle generator that reasons and names the most relevant document.</summary>
public sealed class SetwiseRerankerTests
{
    private static readonly int[] Relevance = [3, 9, 0, 7, 5, 1, 8, 2, 6, 4, 11, 10];

    private static SetwiseReranker Reranker(ScriptedTextGenerator generator, SetwiseRerankerOptions? options = null) =>
        new(generator, RelevanceOracle.ListTemplate, "oracle", options ?? new SetwiseRerankerOptions { SetSize = 3, TopK = 5 });

    [TestCase(SetwiseStrategy.HeapSort)]
    [TestCase(SetwiseStrategy.Bubble)]
    public async Task The_oracle_top_k_comes_first_in_order_and_the_rest_follows_in_first_stage_order(SetwiseStrategy strategy)
    {
        var generator = new ScriptedTextGenerator().On("Answer:$", RelevanceOracle.Best);
        var reranker = Reranker(generator, new SetwiseRerankerOptions { SetSize = 3, TopK = 5, Strategy = strategy });

        var result = await reranker.ScoreWithReasoningAsync("q", RelevanceOracle.Passages(Relevance));

        var order = RelevanceOracle.OrderOf(result.Scores);
        Assert.That(order[..5], Is.EqualTo(RelevanceOracle.IdealOrder(Relevance)[..5]));
        Assert.That(order[5..], Is.Ordered);
        Assert.That(result.Scores.Max(), Is.EqualTo(Relevance.Length));
        Assert.That(result.Reasoning, Has.Count.EqualTo(generator.Prompts.Count));
        Assert.That(reranker.ReasoningStatistics.Generations, Is.EqualTo(generator.Prompts.Count));
        if (strategy == SetwiseStrategy.Bubble)
        {
            Assert.That(generator.Prompts, Has.Count.EqualTo(SetwiseSelection.BubbleGenerations(Relevance.Length, 3, 5)));
        }
    }

    [Test]
    public async Task Each_set_is_one_prompt_with_numbered_passages_and_its_reasoning_is_reported()
    {
        var generator = new ScriptedTextGenerator().On("Answer:$", RelevanceOracle.Best);
        var reranker = Reranker(generator);

        var result = await reranker.ScoreWithReasoningAsync("what is x", RelevanceOracle.Passages(1, 2, 3));

        Assert.That(generator.Prompts[0], Is.EqualTo("Query: what is x (3 passages)\n[1] p0 rel=1\n[2] p1 rel=2\n[3] p2 rel=3\nAnswer:"));
        var first = result.Reasoning[0];
        Assert.That(first.Passages, Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(first.Pass, Is.EqualTo(1));
        Assert.That(first.Text, Is.EqualTo("comparing 3 documents, [3] has rel=3"));
        Assert.That(first.Answer, Is.EqualTo("[3]"));
        Assert.That(first.Outcome, Is.EqualTo("best [3] = passage 3"));
        Assert.That(generator.Calls[0].StopStrings, Is.EqualTo(new[] { "</answer>" }));
    }

    [Test]
    public async Task No_answer_keeps_the_first_member_and_is_counted()
    {
        var generator = new ScriptedTextGenerator().On("Answer:$", _ => "<think>I am not sure</think> no tags here");
        var reranker = Reranker(generator, new SetwiseRerankerOptions { SetSize = 4, TopK = 2 });

        var result = await reranker.ScoreWithReasoningAsync("q", RelevanceOracle.Passages(1, 2, 3));

        // Heap sort: the root (passage 1) stays best; extracting it moves the last passage (3) to the root, where it
        // stays best again; passage 2 follows as the rest.
        Assert.That(RelevanceOracle.OrderOf(result.Scores), Is.EqualTo(new[] { 0, 2, 1 }));
        Assert.That(generator.Prompts, Has.Count.EqualTo(2));
        Assert.That(reranker.ReasoningStatistics.MissingAnswers, Is.EqualTo(2));
        Assert.That(result.Reasoning[0].Outcome, Does.StartWith("no label in the answer: fallback"));
    }

    [Test]
    public async Task A_label_outside_the_set_keeps_the_first_member_and_is_counted()
    {
        var generator = new ScriptedTextGenerator().On("Answer:$", _ => "<think>hm</think><answer>[7]</answer>");
        var reranker = Reranker(generator, new SetwiseRerankerOptions { SetSize = 4, TopK = 1 });

        var result = await reranker.ScoreWithReasoningAsync("q", RelevanceOracle.Passages(1, 2, 3));

        Assert.That(RelevanceOracle.OrderOf(result.Scores), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(reranker.ReasoningStatistics.OutOfScaleAnswers, Is.EqualTo(1));
        Assert.That(result.Reasoning.Single().Outcome, Does.StartWith("label outside 1..3"));
    }

    [Test]
    public async Task Hitting_the_token_limit_while_reasoning_falls_back_and_says_so()
    {
        var generator = new ScriptedTextGenerator().On("Answer:$", p => "<think>" + new string('x', 50) + "</think><answer>[2]</answer>");
        var reranker = Reranker(generator, new SetwiseRerankerOptions { SetSize = 4, TopK = 1, MaxNewTokens = 20 });

        var result = await reranker.ScoreWithReasoningAsync("q", RelevanceOracle.Passages(1, 2));

        Assert.That(RelevanceOracle.OrderOf(result.Scores), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(reranker.ReasoningStatistics.TokenLimitHits, Is.EqualTo(1));
        Assert.That(reranker.ReasoningStatistics.MissingAnswers, Is.EqualTo(1));
        Assert.That(result.Reasoning.Single().Outcome, Does.EndWith("(stopped at maxNewTokens 20)"));
        Assert.That(generator.Calls.Single().MaxNewTokens, Is.EqualTo(20));
    }

    [Test]
    public async Task Statistics_record_generations_prompt_and_generated_tokens()
    {
        var generator = new ScriptedTextGenerator().On("Answer:$", RelevanceOracle.Best);
        var reranker = Reranker(generator);

        await reranker.ScoreAsync("q", RelevanceOracle.Passages(Relevance));

        // The test generator's tokens are characters, so token counts are text lengths.
        var promptTokens = generator.Prompts.Sum(p => (long)p.Length);
        Assert.That(reranker.Statistics.ForwardPasses, Is.EqualTo(generator.Prompts.Count));
        Assert.That(reranker.Statistics.TokensProcessed, Is.EqualTo(promptTokens));
        Assert.That(reranker.ReasoningStatistics.PromptTokens, Is.EqualTo(promptTokens));
        var generated = generator.Prompts.Sum(p => (long)RelevanceOracle.Best(p).IndexOf("</answer>", StringComparison.Ordinal) + "</answer>".Length);
        Assert.That(reranker.Statistics.GeneratedTokens, Is.EqualTo(generated));
        Assert.That(reranker.ReasoningStatistics.GeneratedTokens, Is.EqualTo(generated));
        Assert.That(reranker.Statistics.PassagesScored, Is.EqualTo(Relevance.Length));
    }

    [Test]
    public void A_set_size_below_two_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Reranker(new ScriptedTextGenerator(), new SetwiseRerankerOptions { SetSize = 1 }));

        Assert.That(error!.ParamName, Is.EqualTo("SetSize"));
    }

    [Test]
    public void Long_passages_are_cut_to_max_passage_tokens_and_counted()
    {
        var generator = new ScriptedTextGenerator();
        var reranker = new SetwiseReranker(generator, RelevanceOracle.ListTemplate with { MaxPassageTokens = 4 }, "oracle");

        var prompt = reranker.BuildPrompt("q", ["abcdefgh", "xy"]);

        Assert.That(prompt, Is.EqualTo("Query: q (2 passages)\n[1] abcd\n[2] xy\nAnswer:"));
        Assert.That(reranker.Statistics.Truncations, Is.EqualTo(1));
    }

    [Test]
    public void A_prompt_that_cannot_fit_names_the_limits()
    {
        var generator = new ScriptedTextGenerator();
        var reranker = new SetwiseReranker(generator, RelevanceOracle.ListTemplate with { MaxLength = 420, MaxNewTokens = 400 }, "oracle");

        var error = Assert.Throws<LuceneRerank.Reranking.Llm.PromptTooLongException>(() => reranker.BuildPrompt("a long query text", ["a", "b"]));

        Assert.That(error!.Message, Does.Contain("maxLength 420").And.Contain("maxNewTokens 400"));
    }

    [Test]
    public void Passages_share_the_room_left_when_the_prompt_is_too_long()
    {
        var generator = new ScriptedTextGenerator();
        var template = RelevanceOracle.ListTemplate with { MaxLength = 400 + 50, MaxNewTokens = 400 };
        var reranker = new SetwiseReranker(generator, template, "oracle");

        var prompt = reranker.BuildPrompt("q", [new string('a', 40), new string('b', 40)]);

        Assert.That(prompt.Length, Is.LessThanOrEqualTo(50));
        Assert.That(prompt, Does.Contain("[1] a").And.Contain("[2] b"));
    }
}
