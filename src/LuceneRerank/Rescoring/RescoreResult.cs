using Lucene.Net.Search;
using LuceneRerank.Reranking;

namespace LuceneRerank.Rescoring;

/// <summary>
/// The outcome of one rescoring: the new <see cref="TopDocs"/> and, for every first-pass hit, what was done with it.
/// Immutable, so it can be kept and explained from any thread; <see cref="Explain"/> tells exactly what this
/// rescoring did, whatever rescorings ran since.
/// </summary>
public sealed class RescoreResult
{
    private readonly Dictionary<int, RescoredHit> _byDoc;

    internal RescoreResult(
        TopDocs topDocs,
        string query,
        int topN,
        NeuralRescorerOptions options,
        RerankerDescription reranker,
        IReadOnlyList<RescoredHit> hits,
        FallbackReason fallbackReason,
        Exception? failure)
    {
        TopDocs = topDocs;
        Query = query;
        TopN = topN;
        Window = options.Window;
        Fusion = options.Fusion;
        BeyondWindow = options.BeyondWindow;
        Reranker = reranker;
        Hits = hits;
        FallbackReason = fallbackReason;
        Failure = failure;
        _byDoc = new Dictionary<int, RescoredHit>(hits.Count);
        foreach (var hit in hits)
        {
            _byDoc.TryAdd(hit.Doc, hit);
        }
    }

    /// <summary>The rescored hits: a new <c>TopDocs</c> with new <c>ScoreDoc</c>s; the input is never changed.</summary>
    public TopDocs TopDocs { get; }

    /// <summary>The query text the reranker scored against.</summary>
    public string Query { get; }

    /// <summary>The <c>topN</c> asked for.</summary>
    public int TopN { get; }

    /// <summary>The window used.</summary>
    public int Window { get; }

    /// <summary>The fusion used.</summary>
    public ScoreFusion Fusion { get; }

    /// <summary>The beyond-window policy used.</summary>
    public BeyondWindowPolicy BeyondWindow { get; }

    /// <summary>The reranker's description.</summary>
    public RerankerDescription Reranker { get; }

    /// <summary>Every first-pass hit, in first-pass order, with what this rescoring did with it.</summary>
    public IReadOnlyList<RescoredHit> Hits { get; }

    /// <summary>Why the first-pass order was returned; <see cref="Rescoring.FallbackReason.None"/> when it was not.</summary>
    public FallbackReason FallbackReason { get; }

    /// <summary>Whether the first-pass order was returned because the reranker failed or the time budget ran out.</summary>
    public bool FallbackUsed => FallbackReason != FallbackReason.None;

    /// <summary>The failure that caused the fallback (a <see cref="TimeoutException"/> for the time budget), or <c>null</c>.</summary>
    public Exception? Failure { get; }

    /// <summary>
    /// What the reranker reported for this rescoring's call alone: tokenisation and inference time, forward passes,
    /// tokens, passages, batches, truncations. Exact when many rescorings run at once;
    /// <see cref="RerankCallStatistics.Empty"/> when the reranker was not called or reports nothing.
    /// </summary>
    public RerankCallStatistics Statistics { get; private set; } = RerankCallStatistics.Empty;

    /// <summary>
    /// The reasoning a generating reranker wrote during this rescoring (one entry per window, set or passage it
    /// reasoned about, cut to the reranker's length); empty for rerankers that do not generate. Each entry's
    /// <see cref="RerankReasoning.Passages"/> are positions in the window, which are first-pass ranks − 1.
    /// </summary>
    public IReadOnlyList<RerankReasoning> Reasoning { get; private set; } = [];

    /// <summary>The reasoning about the document <paramref name="doc"/> (entries whose passages include it), in order.</summary>
    public IReadOnlyList<RerankReasoning> ReasoningFor(int doc) =>
        FindHit(doc) is { InWindow: true } hit ? [.. Reasoning.Where(r => r.Passages.Contains(hit.FirstPassRank))] : [];

    /// <summary>The wall time of the rescoring, from its start until the result was built.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>The wall time, tokenisation time and inference time of this rescoring together.</summary>
    public RescoreTiming Timing => new(Elapsed, Statistics.TokenizationTime, Statistics.InferenceTime);

    /// <summary>The first-pass hit of a document id (the first one if the id occurs in several shards), or <c>null</c>.</summary>
    public RescoredHit? FindHit(int doc) => _byDoc.GetValueOrDefault(doc);

    /// <summary>
    /// Explains what this rescoring did with a document: first-pass score, raw model score, normalised scores, fusion
    /// mode and weights, whether it was inside the window and whether the fallback was used (and why).
    /// </summary>
    /// <param name="doc">The Lucene document id.</param>
    /// <param name="firstPassExplanation">The first-pass explanation to nest, if the caller has it.</param>
    public Explanation Explain(int doc, Explanation? firstPassExplanation = null) =>
        RescoreExplainer.Explain(this, doc, firstPassExplanation);

    /// <summary>Sets the per-call figures once, before the result is handed out.</summary>
    internal void Complete(RerankCallStatistics statistics, TimeSpan elapsed, IReadOnlyList<RerankReasoning>? reasoning = null)
    {
        Statistics = statistics;
        Reasoning = reasoning ?? [];
        Elapsed = elapsed;
    }
}
