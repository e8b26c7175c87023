namespace LuceneRerank.Reranking.Llm;

/// <summary>
/// Splits sequences into batches by a memory budget: longest first, so that each batch pads little, and as many
/// sequences per batch as the budget (estimated for the batch's longest sequence) and the batch-size cap allow.
/// </summary>
internal static class DecoderBatchPlanner
{
    /// <summary>
    /// Returns batches of sequence indices. <paramref name="estimateBytes"/>(batch, length) estimates one call's
    /// memory. A sequence that alone exceeds the budget forms its own batch.
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
}
