namespace LuceneRerank.LateInteraction;

/// <summary>Options of <see cref="StoredEmbeddingReranker"/>.</summary>
public sealed record StoredEmbeddingRerankerOptions
{
    /// <summary>The binary doc-values field holding the token embeddings (default <see cref="StoredEmbeddingMetadata.DefaultField"/>).</summary>
    public string Field { get; init; } = StoredEmbeddingMetadata.DefaultField;

    /// <summary>Options of the encoder that encodes queries, and documents without stored embeddings.</summary>
    public ColBertEncoderOptions Encoder { get; init; } = new();

    /// <summary>
    /// Threads that read, decode and score stored embeddings of one window (default: the processor count). A window
    /// below 64 passages is scored on the calling thread.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
