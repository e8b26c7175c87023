namespace LuceneRerank.Rescoring;

/// <summary>Why a rescoring returned the first-pass order instead of the reranked one.</summary>
public enum FallbackReason
{
    /// <summary>No fallback: the hits were reranked.</summary>
    None,

    /// <summary>The reranker threw an exception.</summary>
    RerankerFailed,

    /// <summary>The reranker returned something unusable (a wrong number of scores, NaN or infinite scores).</summary>
    InvalidRerankerOutput,

    /// <summary>The time budget ran out before the reranker finished.</summary>
    TimeBudgetExpired,
}
