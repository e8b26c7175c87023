using LuceneRerank.LateInteraction;

namespace LuceneRerank.Toolkit.Indexing;

/// <summary>What storing token embeddings added to an index.</summary>
/// <param name="Metadata">What the index now records about its embeddings (model, dimension, encoding, field).</param>
/// <param name="Documents">Documents given embeddings.</param>
/// <param name="Tokens">Token vectors stored, summed over documents.</param>
/// <param name="Bytes">Bytes of the stored values (headers included), before Lucene's own compression.</param>
/// <param name="EncodingTime">Time spent in the model.</param>
public sealed record EmbeddingBuildSummary(StoredEmbeddingMetadata Metadata, long Documents, long Tokens, long Bytes, TimeSpan EncodingTime)
{
    /// <summary>Stored bytes per token vector (headers included).</summary>
    public double BytesPerToken => Tokens > 0 ? (double)Bytes / Tokens : 0;
}
