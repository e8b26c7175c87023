namespace LuceneRerank.Reranking.T5;

/// <summary>
/// Groups sequences into batches whose padded size (count × longest) stays within a token budget: sequences are
/// sorted by length so that each batch pads little, and every batch holds at least one sequence.
/// </summary>
internal static class TokenBudgetBatcher
{
    /// <summary>Batches of indices into <paramref name="lengths"/>.</summary>
    public static List<int[]> Batch(IReadOnlyList<int> lengths, int tokenBudget)
    {
        var order = Enumerable.Range(0, lengths.Count).OrderBy(i => lengths[i]).ThenBy(i => i).ToArray();
        var batches = new List<int[]>();
        var start = 0;
        while (start < order.Length)
        {
            var end = start + 1;
            while (end < order.Length && (long)(end - start + 1) * lengths[order[end]] <= tokenBudget)
            {
                end++;
            }

            batches.Add(order[start..end]);
            start = end;
        }

        return batches;
    }
}
