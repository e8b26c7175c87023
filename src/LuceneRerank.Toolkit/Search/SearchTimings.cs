using LuceneRerank.Rescoring;

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

    /// <summary>
    /// Per rescoring stage (one for a <see cref="NeuralRescorer"/>, one per stage for a <see cref="CascadeRescorer"/>,
    /// none without a rescorer or for another Lucene rescorer): wall, tokenisation and inference time.
    /// </summary>
    public IReadOnlyList<RescoreTiming> Stages { get; init; } = [];

    /// <summary>All stages together (tokenisation and inference are inside rescoring).</summary>
    public TimeSpan Total => Retrieval + Rescoring + Lookup;

    /// <summary>Adds two timings stage by stage.</summary>
    /// <remarks>Per-stage timings are added stage by stage; a side with fewer stages counts as zero for the others.</remarks>
    public static SearchTimings operator +(SearchTimings a, SearchTimings b) =>
        new(a.Retrieval + b.Retrieval, a.Rescoring + b.Rescoring, a.Lookup + b.Lookup,
            a.Tokenization + b.Tokenization, a.Inference + b.Inference)
        {
            Stages = Enumerable.Range(0, Math.Max(a.Stages.Count, b.Stages.Count))
                .Select(i => (i < a.Stages.Count ? a.Stages[i] : default) + (i < b.Stages.Count ? b.Stages[i] : default))
                .ToArray(),
        };
}
