namespace LuceneRerank.Toolkit.Search;

/// <summary>Time spent per stage of one search.</summary>
/// <param name="Retrieval">Query analysis and BM25 retrieval (first pass).</param>
/// <param name="Rescoring">The rescorer (zero when none); a reranker's own tokenisation/inference split is in its statistics.</param>
/// <param name="Lookup">Reading the corpus ids of the hits.</param>
public sealed record SearchTimings(TimeSpan Retrieval, TimeSpan Rescoring, TimeSpan Lookup)
{
    /// <summary>No time at all (a starting point for sums).</summary>
    public static SearchTimings Zero { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>All stages together.</summary>
    public TimeSpan Total => Retrieval + Rescoring + Lookup;

    /// <summary>Adds two timings stage by stage.</summary>
    public static SearchTimings operator +(SearchTimings a, SearchTimings b) =>
        new(a.Retrieval + b.Retrieval, a.Rescoring + b.Rescoring, a.Lookup + b.Lookup);
}
