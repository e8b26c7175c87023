using LuceneRerank.LateInteraction;

namespace LuceneRerank.Toolkit.Indexing;

/// <summary>
/// ColBERT token embeddings to store in an index (<see cref="IndexBuildOptions.Embeddings"/>,
/// <see cref="IndexEmbedder.Embed"/>): each document's <c>title + " " + text</c> (the passage the search pipeline
/// reranks) encoded by the model and stored in a binary doc-values field.
/// </summary>
/// <param name="ModelDirectory">The ColBERT model folder (as for <see cref="ColBertEncoder.Load"/>).</param>
public sealed record EmbeddingBuildOptions(string ModelDirectory)
{
    /// <summary>How the vectors are stored (default <see cref="EmbeddingEncoding.Float16"/>).</summary>
    public EmbeddingEncoding Encoding { get; init; } = EmbeddingEncoding.Float16;

    /// <summary>The doc-values field (default <see cref="StoredEmbeddingMetadata.DefaultField"/>).</summary>
    public string Field { get; init; } = StoredEmbeddingMetadata.DefaultField;

    /// <summary>Documents encoded per model call (default 32).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Encoder options (execution provider, lengths).</summary>
    public ColBertEncoderOptions Encoder { get; init; } = new();
}
