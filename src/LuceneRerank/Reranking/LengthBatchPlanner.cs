namespace LuceneRerank.Reranking;

/// <summary>
/// The one batch planner every model runner uses (cross-encoder, decoder-only LLM, T5): sequences sorted longest
/// first (ties in input order), each batch padded only to its own longest sequence and filled while the batch fits
/// its <see cref="BatchLimits"/>. A sequence that alone exceeds a limit runs alone.
/// </summary>
/// <remarks>
/// Every index appears in exactly one batch; callers write results back by index, so the input order is restored
/// whatever the batching.
/// </remarks>
internal static class LengthBatchPlanner
{
    /// <summary>Returns batches of indices into <paramref name="lengths"/>, longest sequences first.</summary>
    public static List<int[]> Plan(IReadOnlyList<int> lengths, BatchLimits limits)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        ArgumentNullException.ThrowIfNull(limits);
        var order = new int[lengths.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => lengths[a] != lengths[b] ? lengths[b].CompareTo(lengths[a]) : a.CompareTo(b));
        var batches = new List<int[]>();
        var start = 0;
        while (start < order.Length)
        {
            var longest = lengths[order[start]];
            var size = 1;
            while (start + size < order.Length && limits.Fits(size + 1, longest))
            {
                size++;
            }

            batches.Add(order[start..(start + size)]);
            start += size;
        }

        return batches;
    }
}
