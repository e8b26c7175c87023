namespace LuceneRerank.Reranking;

/// <summary>Combines the scores of one passage's chunks into its score (see <see cref="ChunkAggregation"/>).</summary>
internal static class ChunkScoreCombiner
{
    /// <summary>
    /// The passage's score from its chunks' scores, and the chunks that made it, best first (ties: the earlier chunk).
    /// The mean is taken in double precision.
    /// </summary>
    public static (float Score, int[] Combined) Combine(ReadOnlySpan<float> chunkScores, ChunkAggregation aggregation, int topK)
    {
        if (chunkScores.IsEmpty)
        {
            throw new ArgumentException("A passage has at least one chunk.", nameof(chunkScores));
        }

        if (aggregation == ChunkAggregation.First)
        {
            return (chunkScores[0], [0]);
        }

        var order = new int[chunkScores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var scores = chunkScores.ToArray();
        Array.Sort(order, (a, b) => scores[a] != scores[b] ? scores[b].CompareTo(scores[a]) : a.CompareTo(b));
        if (aggregation == ChunkAggregation.Max)
        {
            return (scores[order[0]], [order[0]]);
        }

        var taken = order[..Math.Min(topK, order.Length)];
        var sum = 0.0;
        foreach (var index in taken)
        {
            sum += scores[index];
        }

        return ((float)(sum / taken.Length), taken);
    }
}
