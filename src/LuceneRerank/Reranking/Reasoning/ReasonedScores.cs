namespace LuceneRerank.Reranking.Reasoning;

/// <summary>The scores of one reasoning rerank call and the reasoning behind them.</summary>
/// <param name="Scores">One score per passage, in the passages' order; higher is more relevant.</param>
/// <param name="Reasoning">What the model wrote, per generation, in the order of the generations.</param>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed record ReasonedScores(float[] Scores, IReadOnlyList<RerankReasoning> Reasoning);
