namespace LuceneRerank.Rescoring;

/// <summary>What the rescorer does when the reranker fails or the time budget runs out.</summary>
public enum FailurePolicy
{
    /// <summary>The reranker's exception (or a <see cref="TimeoutException"/> for the time budget) reaches the caller.</summary>
    Throw,

    /// <summary>
    /// The first-pass order is returned, with first-pass scores, holding the same hits a successful rescoring would
    /// have held; <c>Explain</c> and <see cref="RescoreResult.FallbackReason"/> say why (elasticsearch's
    /// <c>allow_reranker_failures</c>, OpenSearch's <c>ignore_failure</c>).
    /// </summary>
    FallBackToFirstPass,
}
