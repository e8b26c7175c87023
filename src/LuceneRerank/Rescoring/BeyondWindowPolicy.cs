namespace LuceneRerank.Rescoring;

/// <summary>What happens to first-pass hits ranked below the rescoring window.</summary>
public enum BeyondWindowPolicy
{
    /// <summary>
    /// They are appended below the reranked hits, in first-pass order (as Elasticsearch's rescore does). Their scores
    /// continue strictly downwards from the lowest reranked score: the first appended hit scores that score minus 1,
    /// the next minus 2, and so on (when a float cannot represent the step, the next smaller float is used), so the
    /// scores of the result always decrease with its order. Their first-pass scores are in <c>Explain</c>.
    /// </summary>
    Append,

    /// <summary>They are left out of the result, like Lucene's <c>QueryRescorer</c>, which only returns what it rescored.</summary>
    Drop,
}
