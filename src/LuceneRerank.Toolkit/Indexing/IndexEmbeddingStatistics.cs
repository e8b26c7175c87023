using LuceneRerank.LateInteraction;

namespace LuceneRerank.Toolkit.Indexing;

/// <summary>The token embeddings an index stores (see <see cref="IndexStatistics.Embeddings"/>).</summary>
/// <param name="Metadata">The index's embedding metadata (model, dimension, encoding, field).</param>
/// <param name="Documents">Live documents with embeddings.</param>
/// <param name="Tokens">Token vectors stored over those documents.</param>
/// <param name="Bytes">Bytes of the stored values (headers included), before Lucene's own compression.</param>
public sealed record IndexEmbeddingStatistics(StoredEmbeddingMetadata Metadata, long Documents, long Tokens, long Bytes)
{
    /// <summary>Stored bytes per token vector (headers included).</summary>
    public double BytesPerToken => Tokens > 0 ? (double)Bytes / Tokens : 0;
}
