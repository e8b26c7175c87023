using LuceneRerank.Reranking.Reasoning;

namespace LuceneRerank.Tests.Reranking.Reasoning;

public sealed class GeneratedAnswerTests
{
    private static readonly ReasoningAnswerFormat Tags = new();

    [Test]
    public void Reasoning_and_answer_are_split_at_the_tags()
    {
        var parsed = GeneratedAnswer.Parse("<think> doc 2 mentions it </think>\n<answer> [2] </answer>", Tags);

        Assert.That(parsed.Reasoning, Is.EqualTo("doc 2 mentions it"));
        Assert.That(parsed.Answer, Is.EqualTo("[2]"));
        Assert.That(parsed.AnswerOffset, Is.EqualTo("<think> doc 2 mentions it </think>\n<answer> ".Length));
    }

    [Test]
    public void The_think_start_may_be_in_the_prompt_and_the_answer_end_cut_off_as_a_stop_string()
    {
        var parsed = GeneratedAnswer.Parse("thinking</think><answer>7", Tags);

        Assert.That(parsed.Reasoning, Is.EqualTo("thinking"));
        Assert.That(parsed.Answer, Is.EqualTo("7"));
    }

    [Test]
    public void Output_that_stops_while_thinking_has_no_answer()
    {
        var parsed = GeneratedAnswer.Parse("<think>still thinking about [3] and", Tags);

        Assert.That(parsed.Answer, Is.Null);
        Assert.That(parsed.Reasoning, Is.EqualTo("still thinking about [3] and"));
    }

    [Test]
    public void Without_answer_tags_the_answer_is_the_text_after_the_reasoning()
    {
        var format = new ReasoningAnswerFormat { AnswerStart = "", AnswerEnd = "" };

        Assert.That(GeneratedAnswer.Parse("<think>x</think> [2] > [1]", format).Answer, Is.EqualTo("[2] > [1]"));
        Assert.That(GeneratedAnswer.Parse("<think>x", format).Answer, Is.Null);
    }

    [Test]
    public void An_answer_without_the_end_of_reasoning_still_counts_and_splits_the_reasoning_before_it()
    {
        var parsed = GeneratedAnswer.Parse("quick look <answer>[1]</answer>", Tags);

        Assert.That(parsed.Reasoning, Is.EqualTo("quick look"));
        Assert.That(parsed.Answer, Is.EqualTo("[1]"));
    }

    [Test]
    public void Cut_keeps_short_text_and_marks_cut_text()
    {
        Assert.That(GeneratedAnswer.Cut("abc", 3), Is.EqualTo("abc"));
        Assert.That(GeneratedAnswer.Cut("abcdef", 3), Is.EqualTo("abc…"));
    }
}
