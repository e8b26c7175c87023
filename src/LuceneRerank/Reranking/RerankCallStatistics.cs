namespace LuceneRerank.Reranking;

/// <summary>
/// What one reranker call cost: the work the reranker reported while it scored the passages of one rescoring (see
/// <see cref="Rescoring.RescoreResult.Statistics"/>). Unlike the cumulative <see cref="RerankStatistics"/>, these
/// figures belong to this call alone, also when many rescorings run at once on the same reranker.
/// </summary>
/// <remarks>Only rerankers that report their work (the library's own do) fill it; a reranker that reports nothing
/// gives <see cref="Empty"/>. Work a reranker goes on doing after its time budget ran out is not counted.</remarks>
public sealed record RerankCallStatistics
{
    /// <summary>No work reported.</summary>
    public static RerankCallStatistics Empty { get; } = new();

    /// <summary>Time spent turning text into token ids.</summary>
    public TimeSpan TokenizationTime { get; init; }

    /// <summary>Time spent inside the model runtime (for ONNX: <c>InferenceSession.Run</c>).</summary>
    public TimeSpan InferenceTime { get; init; }

    /// <summary>Sequences run through the model (one batched run counts once per sequence in the batch).</summary>
    public long ForwardPasses { get; init; }

    /// <summary>Tokens fed to the model, padding excluded.</summary>
    public long TokensProcessed { get; init; }

    /// <summary>Passages scored.</summary>
    public long PassagesScored { get; init; }

    /// <summary>Batched model runs.</summary>
    public long Batches { get; init; }

    /// <summary>Inputs cut to fit the model's maximum length, as the reranker reports them (see
    /// <see cref="RerankStatistics.Truncations"/>).</summary>
    public long Truncations { get; init; }

    /// <summary>Passage chunks a cross-encoder scored as pairs of their own (see <see cref="RerankStatistics.ChunksScored"/>).</summary>
    public long ChunksScored { get; init; }

    /// <summary>Tokens the model generated (reasoning and answers of generating rerankers; see
    /// <see cref="RerankStatistics.GeneratedTokens"/>).</summary>
    public long GeneratedTokens { get; init; }

    /// <summary>Passages a stored-embedding reranker found no token embeddings for in the index and so encoded at
    /// query time (see <c>StoredEmbeddingReranker</c>).</summary>
    public long StoredEmbeddingMisses { get; init; }
}
