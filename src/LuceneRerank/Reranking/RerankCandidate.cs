namespace LuceneRerank.Reranking;

/// <summary>A passage to rerank together with what the first-stage retrieval said about it.</summary>
/// <param name="Text">The passage text.</param>
/// <param name="FirstStageScore">The first-stage (for example BM25) score.</param>
/// <param name="FirstStageRank">The 0-based first-stage rank.</param>
public sealed record RerankCandidate(string Text, float FirstStageScore, int FirstStageRank);
