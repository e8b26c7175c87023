namespace LuceneRerank.Reranking;

/// <summary>
/// Splits sequences into batches by a budget (memory for the decoder-only LLMs, padded tokens for T5): longest first,
/// so that each batch pads little, and as many sequences per batch as the budget (estimated for the batch's longest
/// sequence) and the batch-size cap allow.
/// </summary>
internal static class LengthBatchPlanner
{
    /// <summary>
    /// Returns batches of sequence indices. <paramref name="estimateBytes"/>(batch, length) estimates one call's
    /// cost in the budget's unit. A sequence that alone exceeds the budget forms its own batch.
    /// </summary>
    public static List<int[]> Plan(IReadOnlyList<int> lengths, Func<int, int, long> estimateBytes, long budgetBytes, int maxBatchSize)
    {
        var order = Enumerable.Range(0, lengths.Count).OrderByDescending(i => lengths[i]).ThenBy(i => i).ToArray();
        var batches = new List<int[]>();
        var start = 0;
        while (start < order.Length)
        {
            var longest = lengths[order[start]];
            var size = 1;
            while (start + size < order.Length && size < maxBatchSize && estimateBytes(size + 1, longest) <= budgetBytes)
            {
                size++;
            }

            batches.Add(order[start..(start + size)]);
            start += size;
        }

        return batches;
    }

    /// <summary>Batches whose padded size (count × longest) is at most <paramref name="tokenBudget"/> tokens.</summary>
    public static List<int[]> ByPaddedTokens(IReadOnlyList<int> lengths, long tokenBudget) =>
        Plan(lengths, (batch, length) => (long)batch * length, tokenBudget, int.MaxValue);
}
