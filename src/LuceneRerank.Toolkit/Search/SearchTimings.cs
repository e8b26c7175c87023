namespace LuceneRerank.Toolkit.Search;

/// <summary>Time spent per stage of one search.</summary>
/// <param name="Retrieval">Query analysis and BM25 retrieval (first pass).</param>
/// <param name="Rescoring">The rescorer (zero when none), all of it: passage reading, tokenisation, inference, fusion.</param>
/// <param name="Lookup">Reading the corpus ids of the hits.</param>
/// <param name="Tokenization">The part of <paramref name="Rescoring"/> the reranker reports as tokenisation (zero when
/// it reports none).</param>
/// <param name="Inference">The part of <paramref name="Rescoring"/> the reranker reports as model inference.</param>
public sealed record SearchTimings(
    TimeSpan Retrieval, TimeSpan Rescoring, TimeSpan Lookup, TimeSpan Tokenization = default, TimeSpan Inference = default)
{
    /// <summary>No time at all (a starting point for sums).</summary>
    public static SearchTimings Zero { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>All stages together (tokenisation and inference are inside rescoring).</summary>
    public TimeSpan Total => Retrieval + Rescoring + Lookup;

    /// <summary>Adds two timings stage by stage.</summary>
    public static SearchTimings operator +(SearchTimings a, SearchTimings b) =>
        new(a.Retrieval + b.Retrieval, a.Rescoring + b.Rescoring, a.Lookup + b.Lookup,
            a.Tokenization + b.Tokenization, a.Inference + b.Inference);
}
