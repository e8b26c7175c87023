namespace LuceneRerank.Reranking.Listwise;

/// <summary>Turns one window's label logits into the window's new order.</summary>
internal static class WindowOrder
{
    /// <summary>
    /// Positions 0..n−1 of the window sorted by their label's logit, highest first; equal logits keep the window's
    /// current order. Throws <see cref="InvalidDataException"/> when a logit is NaN or infinite.
    /// </summary>
    public static int[] FromLogits(float[] logits, IReadOnlyList<string> labels, string model)
    {
        for (var i = 0; i < logits.Length; i++)
        {
            if (!float.IsFinite(logits[i]))
            {
                throw new InvalidDataException(
                    $"Model '{model}' gave label '{labels[i]}' a non-finite logit ({logits[i]}); cannot rank the window.");
            }
        }

        return [.. Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).ThenBy(i => i)];
    }
}
