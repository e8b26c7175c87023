using LuceneRerank.Reranking;

namespace LuceneRerank.Server.Scheduling;

/// <summary>
/// A request's (query, passage) pairs made ready for batching by a <see cref="PairScorer"/>: the texts, each pair's
/// length in tokens (exact when tokenized, else estimated) and, for a cross-encoder, the token ids themselves.
/// </summary>
internal sealed record PreparedPairs(string Query, IReadOnlyList<string> Passages, int[] Lengths, EncodedPair[]? Encoded)
{
    /// <summary>How many pairs.</summary>
    public int Count => Passages.Count;
}
