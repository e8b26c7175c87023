namespace LuceneRerank.Reranking;

/// <summary>
/// Which chunk of a passage decided its cross-encoder score under <see cref="PassageChunking"/> (see
/// <see cref="Rescoring.RescoredHit.Chunk"/>): the best-scoring chunk for <see cref="ChunkAggregation.Max"/> and
/// <see cref="ChunkAggregation.MeanOfTopK"/>, the first for <see cref="ChunkAggregation.First"/>.
/// </summary>
public sealed record PassageChunkChoice
{
    /// <summary>How the chunk scores were combined.</summary>
    public required ChunkAggregation Aggregation { get; init; }

    /// <summary>The 0-based index of the deciding chunk.</summary>
    public required int ChunkIndex { get; init; }

    /// <summary>The chunks scored for the passage (after <see cref="PassageChunking.MaxChunksPerPassage"/>).</summary>
    public required int ChunkCount { get; init; }

    /// <summary>The deciding chunk's first passage token (0-based, counted in the passage's own token ids, no special tokens).</summary>
    public required int TokenStart { get; init; }

    /// <summary>The passage token after the deciding chunk's last (exclusive end).</summary>
    public required int TokenEnd { get; init; }

    /// <summary>The deciding chunk's own score.</summary>
    public required float ChunkScore { get; init; }

    /// <summary>The indices of the chunks whose scores made the passage's score, best first (one for Max and First, up to TopK for MeanOfTopK).</summary>
    public required IReadOnlyList<int> CombinedChunks { get; init; }

    /// <summary>Whether the passage had tokens after the last chunk scored (cut by the chunk cap, or by First).</summary>
    public required bool PassageCut { get; init; }
}
