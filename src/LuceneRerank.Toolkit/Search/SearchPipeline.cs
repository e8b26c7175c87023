using System.Diagnostics;
using Lucene.Net.Search;
using LuceneRerank.Rescoring;

namespace LuceneRerank.Toolkit.Search;

/// <summary>
/// BM25 first pass, then an optional <see cref="Rescorer"/> over the top of it: the seam where neural reranking plugs in.
/// </summary>
/// <remarks>
/// <para>Without a rescorer the pipeline returns the BM25 hits. With one, the first pass fetches
/// <c>max(hits, rerankWindow)</c> hits and hands them all to the rescorer with <c>topN</c> = <c>hits</c>.</para>
/// <para>The window and the hits beyond it are the rescorer's business, handled in one place: a
/// <see cref="NeuralRescorer"/> or <see cref="CascadeRescorer"/> reranks its <see cref="NeuralRescorerOptions.Window"/>
/// and, with <see cref="BeyondWindowPolicy.Append"/> (the default), keeps the rest below in first-pass order with
/// scores strictly below the reranked ones (so tools that re-sort a run by score, such as trec_eval, keep the order).
/// Any other Lucene rescorer sees every first-pass hit and its result is used as it is.</para>
/// <para>A rescorer usually needs the query text (Lucene's <see cref="QueryRescorer"/> is built per query), so the
/// pipeline takes a factory that makes the rescorer for each query.</para>
/// <para>For a <see cref="NeuralRescorer"/> or <see cref="CascadeRescorer"/>, each search reports the tokenisation
/// and inference time of its own rescoring (per stage for a cascade), exact also when searches run at once.</para>
/// </remarks>
public sealed class SearchPipeline
{
    private readonly Func<string, Rescorer>? _rescorerFactory;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="searcher">The BM25 searcher (first pass).</param>
    /// <param name="rescorerFactory">Makes the rescorer for a query text; null for BM25 only.</param>
    /// <param name="rerankWindow">How many first-pass hits to fetch for the rescorer at least (its window); null: as
    /// many as the hits asked for.</param>
    public SearchPipeline(Bm25Searcher searcher, Func<string, Rescorer>? rescorerFactory = null, int? rerankWindow = null)
    {
        if (rerankWindow is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rerankWindow), rerankWindow, "the rerank window must be positive");
        }

        Searcher = searcher;
        _rescorerFactory = rescorerFactory;
        RerankWindow = rerankWindow;
    }

    /// <summary>The first-pass searcher.</summary>
    public Bm25Searcher Searcher { get; }

    /// <summary>How many first-pass hits are fetched for the rescorer at least (null: as many as asked for).</summary>
    public int? RerankWindow { get; }

    /// <summary>Whether a rescorer is set.</summary>
    public bool HasRescorer => _rescorerFactory is not null;

    /// <summary>Searches.</summary>
    /// <param name="queryText">Free text; any characters are allowed.</param>
    /// <param name="hits">How many hits to return.</param>
    public SearchResult Search(string queryText, int hits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hits);
        var start = Stopwatch.GetTimestamp();
        var firstPassSize = _rescorerFactory is null ? hits : Math.Max(hits, RerankWindow ?? hits);
        var topDocs = Searcher.Search(queryText, firstPassSize);
        var retrieval = Stopwatch.GetElapsedTime(start);

        var firstPassRanks = new Dictionary<int, int>(topDocs.ScoreDocs.Length);
        for (var i = 0; i < topDocs.ScoreDocs.Length; i++)
        {
            firstPassRanks.TryAdd(topDocs.ScoreDocs[i].Doc, i + 1);
        }

        var rescoring = TimeSpan.Zero;
        IReadOnlyList<RescoreTiming> stages = [];
        IReadOnlyList<RescoreResult> rescorings = [];
        if (_rescorerFactory is not null && topDocs.ScoreDocs.Length > 0)
        {
            start = Stopwatch.GetTimestamp();
            (topDocs, rescorings, stages) = Rescore(_rescorerFactory(queryText), queryText, topDocs, hits);
            rescoring = Stopwatch.GetElapsedTime(start);
        }

        start = Stopwatch.GetTimestamp();
        var scoreDocs = topDocs.ScoreDocs;
        var list = new SearchHit[Math.Min(hits, scoreDocs.Length)];
        for (var i = 0; i < list.Length; i++)
        {
            var doc = scoreDocs[i].Doc;
            list[i] = new SearchHit(i + 1, doc, Searcher.GetDocumentId(doc), scoreDocs[i].Score,
                firstPassRanks.TryGetValue(doc, out var firstPassRank) ? firstPassRank : null);
        }

        var lookup = Stopwatch.GetElapsedTime(start);
        var timings = new SearchTimings(retrieval, rescoring, lookup,
            new TimeSpan(stages.Sum(t => t.Tokenization.Ticks)), new TimeSpan(stages.Sum(t => t.Inference.Ticks)))
        {
            Stages = stages,
        };
        return new SearchResult(queryText, topDocs, list, timings) { Rescorings = rescorings };
    }

    /// <summary>Rescores; the library's rescorers also report their per-stage timings (from their result, not from counters).</summary>
    private (TopDocs TopDocs, IReadOnlyList<RescoreResult> Results, IReadOnlyList<RescoreTiming> Stages) Rescore(Rescorer rescorer, string query, TopDocs firstPass, int hits)
    {
        var searcher = Searcher.Searcher;
        switch (rescorer)
        {
            case NeuralRescorer neural:
                var single = Task.Run(() => neural.RescoreAsync(searcher, firstPass, query, hits)).GetAwaiter().GetResult();
                return (single.TopDocs, [single], [single.Timing]);
            case CascadeRescorer cascade:
                var chained = Task.Run(() => cascade.RescoreAsync(searcher, firstPass, query, hits)).GetAwaiter().GetResult();
                return (chained.TopDocs, chained.Stages, chained.StageTimings);
            default:
                return (rescorer.Rescore(searcher, firstPass, hits), [], []);
        }
    }
}
