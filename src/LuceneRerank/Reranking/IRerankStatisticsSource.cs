namespace LuceneRerank.Reranking;

/// <summary>A reranker that reports what it spent: time in tokenisation and inference, passes and tokens.</summary>
public interface IRerankStatisticsSource
{
    /// <summary>The reranker's cumulative counters.</summary>
    RerankStatistics Statistics { get; }
}
