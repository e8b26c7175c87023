using LuceneRerank.Reranking;

namespace LuceneRerank.Remote;

/// <summary>Turns a cross-encoder's logits into scores with the in-process <c>CrossEncoderReranker</c>'s label rules.</summary>
internal static class KServeScores
{
    /// <summary>
    /// One score per row of <paramref name="logits"/> (<paramref name="labels"/> per row): one label, the logit (or its
    /// sigmoid with <see cref="KServeOptions.ApplySigmoid"/>); two labels, the relevant label's softmax probability or
    /// its logit (<see cref="KServeOptions.TwoLabelScore"/>).
    /// </summary>
    public static float[] FromLogits(float[] logits, int labels, KServeOptions options)
    {
        var scores = new float[logits.Length / labels];
        for (var row = 0; row < scores.Length; row++)
        {
            if (labels == 1)
            {
                scores[row] = options.ApplySigmoid ? Sigmoid(logits[row]) : logits[row];
                continue;
            }

            var positive = logits[(row * 2) + options.PositiveLabel];
            var negative = logits[(row * 2) + 1 - options.PositiveLabel];
            scores[row] = options.TwoLabelScore == TwoLabelScore.PositiveLogit ? positive : Sigmoid(positive - negative);
        }

        return scores;
    }

    /// <summary>What a score means under <paramref name="options"/> (labels unknown until the first answer).</summary>
    public static string Meaning(KServeOptions options) =>
        "one-label models: raw relevance logit" + (options.ApplySigmoid ? " through a sigmoid" : "") + "; two-label models: " +
        (options.TwoLabelScore == TwoLabelScore.PositiveLogit ? "logit" : "softmax probability") +
        $" of label {options.PositiveLabel}; computed here from the logits the KServe server returns, as in process; higher is more relevant";

    private static float Sigmoid(float x) => (float)(1.0 / (1.0 + Math.Exp(-x)));
}
