namespace LuceneRerank.LateInteraction;

/// <summary>An index's stored token embeddings were made by another ColBERT model (or dimension) than the reranker's.</summary>
public sealed class StoredEmbeddingMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception with a message naming both models.</summary>
    /// <param name="message">What differs and how to fix it.</param>
    public StoredEmbeddingMismatchException(string message)
        : base(message)
    {
    }
}
