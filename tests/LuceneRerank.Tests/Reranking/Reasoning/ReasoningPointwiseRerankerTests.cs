using LuceneRerank.Reranking.Reasoning;

namespace LuceneRerank.Tests.Reranking.Reasoning;

/// <summary>The reasoning pointwise reranker with an oracle generator that reasons and writes the true relevance.</summary>
public sealed class ReasoningPointwiseRerankerTests
{
    private static ReasoningPointwiseReranker Reranker(ScriptedTextGenerator generator, ReasoningPromptTemplate? template = null) =>
        new(generator, template ?? RelevanceOracle.PointTemplate, "oracle");

    [Test]
    public async Task The_written_integer_is_the_score_and_the_oracle_order_is_exact()
    {
        int[] relevance = [3, 9, 0, 7, 5, 1, 8, 2, 6, 4];
        var generator = new ScriptedTextGenerator().On("Score:$", RelevanceOracle.Score);
        var reranker = Reranker(generator);

        var result = await reranker.ScoreWithReasoningAsync("q", RelevanceOracle.Passages(relevance));

        Assert.That(result.Scores, Is.EqualTo(relevance.Select(r => (float)r)));
        Assert.That(RelevanceOracle.OrderOf(result.Scores), Is.EqualTo(RelevanceOracle.IdealOrder(relevance)));
        Assert.That(generator.Calls, Has.Count.EqualTo(1), "all passages in one batch");
        Assert.That(result.Reasoning.Select(r => r.Passages.Single()), Is.EqualTo(Enumerable.Range(0, relevance.Length)));
        Assert.That(result.Reasoning[1].Text, Is.EqualTo("the document says rel=9"));
        Assert.That(generator.Prompts[0], Is.EqualTo("Judge. Query: q\nDocument: p0 rel=3\nScore:"));
    }

    [Test]
    public async Task The_expected_value_over_the_score_labels_breaks_ties_by_confidence()
    {
        // Both write "7"; at that position the first is sure (p(7) = 0.9, p(6) = 0.1), the second hesitates towards 8.
        var generator = new ScriptedTextGenerator().On("Score:$", prompt =>
        {
            var hesitant = prompt.Contains("p1", StringComparison.Ordinal);
            return new ScriptedOutput("<think>t</think><answer>7</answer>", (step, token) => token != '7'
                ? new Dictionary<int, float> { [token] = 0f }
                : hesitant
                    ? new Dictionary<int, float> { ['7'] = MathF.Log(0.6f), ['8'] = MathF.Log(0.4f) }
                    : new Dictionary<int, float> { ['7'] = MathF.Log(0.9f), ['6'] = MathF.Log(0.1f) });
        });
        var reranker = Reranker(generator, RelevanceOracle.PointTemplate with { ExpectedScore = true });

        var scores = await reranker.ScoreAsync("q", ["p0 rel=7", "p1 rel=7"]);

        Assert.That(scores[0], Is.EqualTo((7 * 0.9) + (6 * 0.1)).Within(1e-5));
        Assert.That(scores[1], Is.EqualTo((7 * 0.6) + (8 * 0.4)).Within(1e-5));
        Assert.That(reranker.ReasoningStatistics.ExpectedValueScores, Is.EqualTo(2));
        Assert.That(generator.Calls.Single().TrackedTokenIds, Is.EqualTo(Enumerable.Range('0', 10)));
    }

    [Test]
    public void Expected_value_needs_single_token_scores_and_names_the_offending_one()
    {
        var template = RelevanceOracle.PointTemplate with { MaxScore = 10, ExpectedScore = true };

        var error = Assert.Throws<InvalidDataException>(() => Reranker(new ScriptedTextGenerator(), template));

        Assert.That(error!.Message, Does.Contain("\"10\" is 2 tokens").And.Contain("expectedScore"));
    }

    [TestCase("<think>x</think><answer>12</answer>", "score outside 0–9")]
    [TestCase("<think>x</think><answer>6.5</answer>", "score outside 0–9")]
    [TestCase("<think>x</think><answer>-1</answer>", "score outside 0–9")]
    [TestCase("<think>x</think><answer>relevant</answer>", "no score in the answer")]
    [TestCase("<think>x</think> 7", "no score in the answer")]
    public async Task Bad_answers_get_the_fallback_score_below_every_answer_and_are_counted(string output, string outcome)
    {
        var generator = new ScriptedTextGenerator().On("bad", _ => output).On("Score:$", RelevanceOracle.Score);
        var reranker = Reranker(generator);

        var result = await reranker.ScoreWithReasoningAsync("q", ["bad rel=9", "p1 rel=0"]);

        Assert.That(result.Scores, Is.EqualTo(new[] { -1f, 0f }));
        Assert.That(result.Reasoning[0].Outcome, Does.StartWith(outcome));
        Assert.That(reranker.ReasoningStatistics.MissingAnswers + reranker.ReasoningStatistics.OutOfScaleAnswers, Is.EqualTo(1));
    }

    [Test]
    public async Task The_manifest_fallback_score_is_used_when_given()
    {
        var generator = new ScriptedTextGenerator().On("Score:$", _ => "<think>x</think>");
        var reranker = Reranker(generator, RelevanceOracle.PointTemplate with { FallbackScore = -5f });

        Assert.That(await reranker.ScoreAsync("q", ["a"]), Is.EqualTo(new[] { -5f }));
    }

    [Test]
    public async Task Token_limit_in_the_reasoning_falls_back_and_is_counted()
    {
        var generator = new ScriptedTextGenerator().On("Score:$", _ => "<think>" + new string('z', 500) + "</think><answer>9</answer>");
        var reranker = Reranker(generator);

        var result = await reranker.ScoreWithReasoningAsync("q", ["a"]);

        Assert.That(result.Scores, Is.EqualTo(new[] { -1f }));
        Assert.That(reranker.ReasoningStatistics.TokenLimitHits, Is.EqualTo(1));
        Assert.That(reranker.ReasoningStatistics.MissingAnswers, Is.EqualTo(1));
        Assert.That(reranker.Statistics.GeneratedTokens, Is.EqualTo(400));
    }

    [Test]
    public void A_scale_with_max_below_min_is_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => Reranker(new ScriptedTextGenerator(), RelevanceOracle.PointTemplate with { MinScore = 5, MaxScore = 4 }));

        Assert.That(error!.Message, Does.Contain("maxScore 4 is below minScore 5"));
    }

    [Test]
    public void The_instruction_placeholder_is_filled()
    {
        var template = RelevanceOracle.PointTemplate with { Entry = "{instruction}|{query}|{document}", Instruction = "Rate it" };

        Assert.That(Reranker(new ScriptedTextGenerator(), template).BuildPrompt("q", "d"), Is.EqualTo("Judge. Rate it|q|dScore:"));
    }
}
