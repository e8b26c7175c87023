using Lucene.Net.Search;

namespace LuceneRerank.Rescoring;

/// <summary>
/// The outcome of one <see cref="CascadeRescorer"/> rescoring: the final hits, every stage's
/// <see cref="RescoreResult"/> (its window, scores, fallback and per-call statistics) and per-stage timings.
/// Immutable; <see cref="Explain"/> always describes this rescoring.
/// </summary>
public sealed class CascadeResult
{
    internal CascadeResult(TopDocs topDocs, string query, int topN, IReadOnlyList<RescoreResult> stages, TimeSpan elapsed)
    {
        TopDocs = topDocs;
        Query = query;
        TopN = topN;
        Stages = stages;
        Elapsed = elapsed;
    }

    /// <summary>The final hits (the last stage's result): a new <c>TopDocs</c>; the input is never changed.</summary>
    public TopDocs TopDocs { get; }

    /// <summary>The query text every stage scored against.</summary>
    public string Query { get; }

    /// <summary>The <c>topN</c> asked for.</summary>
    public int TopN { get; }

    /// <summary>Each stage's result, first to last; stage <c>i + 1</c>'s first-pass hits are stage <c>i</c>'s <c>TopDocs</c>.</summary>
    public IReadOnlyList<RescoreResult> Stages { get; }

    /// <summary>The wall time of the whole cascade.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Per stage, first to last: wall time, and the tokenisation and inference time its reranker reported for this call.</summary>
    public IReadOnlyList<RescoreTiming> StageTimings => Stages.Select(s => s.Timing).ToArray();

    /// <summary>Whether any stage fell back to its input order.</summary>
    public bool FallbackUsed => Stages.Any(s => s.FallbackUsed);

    /// <summary>
    /// Explains what the cascade did with a document: a line per stage with its first-pass score (the previous
    /// stage's final score), window membership, raw and normalised model scores, fusion, and whether the stage fell
    /// back and why.
    /// </summary>
    /// <param name="doc">The Lucene document id.</param>
    /// <param name="firstPassExplanation">The first-pass explanation to nest under the first stage, if the caller has it.</param>
    public Explanation Explain(int doc, Explanation? firstPassExplanation = null) =>
        CascadeExplainer.Explain(this, doc, firstPassExplanation);
}
