using LuceneRerank.Toolkit.Trec;

namespace LuceneRerank.Toolkit.Search;

/// <summary>The outcome of a batch search.</summary>
/// <param name="Run">The run produced (also written out when a writer was given).</param>
/// <param name="Queries">Queries searched.</param>
/// <param name="QueriesWithoutHits">Queries with no hit (e.g. only stop words).</param>
/// <param name="Timings">Time per stage summed over all queries.</param>
/// <param name="Elapsed">Wall-clock time of the whole batch.</param>
public sealed record BatchSearchResult(TrecRun Run, int Queries, int QueriesWithoutHits, SearchTimings Timings, TimeSpan Elapsed)
{
    /// <summary>Queries per second over the whole batch.</summary>
    public double QueriesPerSecond => Elapsed.TotalSeconds > 0 ? Queries / Elapsed.TotalSeconds : 0;
}
