namespace LuceneRerank.Reranking;

/// <summary>What a cached score depends on: the model, the query and the passage (compared ordinally).</summary>
internal readonly record struct RerankCacheKey(string Model, string Query, string Passage);
