namespace LuceneRerank.Toolkit.Indexing;

/// <summary>Statistics of an index.</summary>
/// <param name="IndexPath">The index directory.</param>
/// <param name="Documents">Live documents.</param>
/// <param name="DeletedDocuments">Deleted documents not yet merged away.</param>
/// <param name="Segments">Number of segments.</param>
/// <param name="Fields">Per-field statistics, ordered by name.</param>
/// <param name="SizeBytes">Size of the index on disk.</param>
/// <param name="CommitData">The user data of the last commit (analyzer, corpus, format, creation time).</param>
public sealed record IndexStatistics(
    string IndexPath,
    int Documents,
    int DeletedDocuments,
    int Segments,
    IReadOnlyList<IndexFieldStatistics> Fields,
    long SizeBytes,
    IReadOnlyDictionary<string, string> CommitData)
{
    /// <summary>The token embeddings the index stores; <c>null</c> when it stores none.</summary>
    public IndexEmbeddingStatistics? Embeddings { get; init; }

    /// <summary>Distinct terms summed over all indexed fields.</summary>
    public long UniqueTerms => Fields.Sum(f => f.UniqueTerms);
}
