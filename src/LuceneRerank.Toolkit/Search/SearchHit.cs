namespace LuceneRerank.Toolkit.Search;

/// <summary>One ranked hit.</summary>
/// <param name="Rank">1-based rank.</param>
/// <param name="LuceneDocId">The Lucene document number.</param>
/// <param name="DocumentId">The corpus id.</param>
/// <param name="Score">The final score (BM25, or the rescorer's).</param>
/// <param name="FirstPassRank">The 1-based BM25 (first-pass) rank; equal to <paramref name="Rank"/> without a rescorer,
/// null when not known.</param>
public sealed record SearchHit(int Rank, int LuceneDocId, string DocumentId, float Score, int? FirstPassRank = null);
