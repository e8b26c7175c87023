namespace LuceneRerank.Reranking.Llm;

/// <summary>How per-token query log-probabilities become one score.</summary>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public enum QueryLikelihoodAggregation
{
    /// <summary>
    /// The mean log p(query token | document prompt, earlier query tokens) — the default. For one query every passage
    /// scores the same query tokens, so mean and sum rank identically; the mean keeps scores on one per-token scale
    /// across queries of different lengths (useful when fusing with first-stage scores or setting thresholds).
    /// </summary>
    Mean,

    /// <summary>The sum: log p(query | document prompt), UPR's original score.</summary>
    Sum,
}
