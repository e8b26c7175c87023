namespace LuceneRerank.Reranking;

/// <summary>A passage to rerank together with what the first-stage retrieval said about it.</summary>
/// <param name="Text">The passage text.</param>
/// <param name="FirstStageScore">The first-stage (for example BM25) score.</param>
/// <param name="FirstStageRank">The 0-based first-stage rank.</param>
public sealed record RerankCandidate(string Text, float FirstStageScore, int FirstStageRank)
{
    /// <summary>
    /// The Lucene document the passage was read from, set by the rescorer (<c>NeuralRescorer</c>, cascades, the search
    /// pipeline); <c>null</c> when the candidate did not come from an index. Rerankers that keep per-document data in
    /// the index (stored ColBERT token embeddings) read it through this; others ignore it.
    /// </summary>
    public IndexedDocument? Document { get; init; }
}
