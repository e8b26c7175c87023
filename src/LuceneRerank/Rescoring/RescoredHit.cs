namespace LuceneRerank.Rescoring;

/// <summary>What one rescoring did with one first-pass hit: the facts <c>Explain</c> reports.</summary>
public sealed record RescoredHit
{
    /// <summary>The Lucene document id.</summary>
    public required int Doc { get; init; }

    /// <summary>The first-pass shard index, copied to the result.</summary>
    public required int ShardIndex { get; init; }

    /// <summary>The 0-based rank in the first-pass <c>TopDocs</c>.</summary>
    public required int FirstPassRank { get; init; }

    /// <summary>The first-pass score.</summary>
    public required float FirstPassScore { get; init; }

    /// <summary>Whether the hit was inside the window (and so given to the reranker).</summary>
    public required bool InWindow { get; init; }

    /// <summary>The reranker's raw score; <c>null</c> when the hit was beyond the window or the reranker failed.</summary>
    public float? ModelScore { get; init; }

    /// <summary>
    /// What the reranker reported about how it scored this hit (for example that a stored-embedding ColBERT reranker
    /// found no embeddings for it in the index and encoded it at query time); <c>null</c> when it reported nothing.
    /// </summary>
    public string? ModelNote { get; init; }

    /// <summary>
    /// The first-pass score as fusion used it: normalised for <see cref="FusionMode.NormalizedLinear"/>, the reciprocal
    /// rank term <c>1 / (k + rank)</c> for <see cref="FusionMode.ReciprocalRank"/>, the raw score for
    /// <see cref="FusionMode.Linear"/>; <c>null</c> for <see cref="FusionMode.Replace"/> or when not reranked.
    /// </summary>
    public float? NormalizedFirstPassScore { get; init; }

    /// <summary>The model score as fusion used it (same rules as <see cref="NormalizedFirstPassScore"/>; the raw
    /// score for <see cref="FusionMode.Replace"/>).</summary>
    public float? NormalizedModelScore { get; init; }

    /// <summary>The 1-based rank of the model score inside the window (ties by first-pass rank); <c>null</c> when not reranked.</summary>
    public int? ModelRank { get; init; }

    /// <summary>The final score; <c>null</c> when the hit is not in the final ordering (dropped beyond the window).</summary>
    public float? FinalScore { get; init; }

    /// <summary>
    /// The 0-based position in the final ordering before it is cut to <c>topN</c>; <c>null</c> when dropped.
    /// The hit is in the returned <c>TopDocs</c> when <see cref="Returned"/> is true.
    /// </summary>
    public int? FinalRank { get; init; }

    /// <summary>
    /// Which chunk of the passage decided <see cref="ModelScore"/> when the cross-encoder chunks long passages
    /// (<see cref="Reranking.PassageChunking"/> other than first); <c>null</c> otherwise, or when not reranked.
    /// </summary>
    public Reranking.PassageChunkChoice? Chunk { get; init; }

    /// <summary>Whether the hit is in the returned <c>TopDocs</c>.</summary>
    public required bool Returned { get; init; }
}
