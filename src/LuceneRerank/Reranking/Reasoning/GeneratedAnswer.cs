namespace LuceneRerank.Reranking.Reasoning;

/// <summary>A model output split by a <see cref="ReasoningAnswerFormat"/> (see its remarks for the rules).</summary>
/// <param name="Reasoning">The reasoning, trimmed.</param>
/// <param name="Answer">The answer, trimmed; null when the output has none.</param>
/// <param name="AnswerOffset">Where the trimmed answer starts in the output; −1 without an answer.</param>
internal sealed record GeneratedAnswer(string Reasoning, string? Answer, int AnswerOffset)
{
    /// <summary>Splits <paramref name="output"/>.</summary>
    public static GeneratedAnswer Parse(string output, ReasoningAnswerFormat format)
    {
        ArgumentNullException.ThrowIfNull(output);
        var thinkEnd = format.ThinkEnd.Length > 0 ? output.IndexOf(format.ThinkEnd, StringComparison.Ordinal) : -1;
        var afterReasoning = thinkEnd >= 0 ? thinkEnd + format.ThinkEnd.Length : 0;
        int answerStart;
        if (format.AnswerStart.Length > 0)
        {
            var tag = output.IndexOf(format.AnswerStart, afterReasoning, StringComparison.Ordinal);
            answerStart = tag >= 0 ? tag + format.AnswerStart.Length : -1;
        }
        else
        {
            answerStart = thinkEnd >= 0 || format.ThinkEnd.Length == 0 ? afterReasoning : -1;
        }

        var reasoningEnd = thinkEnd >= 0 ? thinkEnd
            : answerStart >= 0 ? answerStart - format.AnswerStart.Length
            : output.Length;
        var reasoning = output[..reasoningEnd].Trim();
        if (format.ThinkStart.Length > 0 && reasoning.StartsWith(format.ThinkStart, StringComparison.Ordinal))
        {
            reasoning = reasoning[format.ThinkStart.Length..].Trim();
        }

        if (answerStart < 0)
        {
            return new GeneratedAnswer(reasoning, null, -1);
        }

        var answerEnd = format.AnswerEnd.Length > 0 ? output.IndexOf(format.AnswerEnd, answerStart, StringComparison.Ordinal) : -1;
        var answer = output[answerStart..(answerEnd >= 0 ? answerEnd : output.Length)];
        var lead = answer.Length - answer.TrimStart().Length;
        return new GeneratedAnswer(reasoning, answer.Trim(), answerStart + lead);
    }

    /// <summary><paramref name="text"/> cut to <paramref name="maxChars"/> characters, with <c>…</c> when cut.</summary>
    public static string Cut(string text, int maxChars) =>
        text.Length <= maxChars ? text : string.Concat(text.AsSpan(0, Math.Max(0, maxChars)), "…");
}
