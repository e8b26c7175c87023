namespace LuceneRerank.Reranking;

/// <summary>A passage's score that a model call in flight will return: the call's scores and the passage's index in them.</summary>
internal readonly record struct InFlightScore(Task<float[]> Call, int Index);
