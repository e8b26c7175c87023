using System.Diagnostics;
using Lucene.Net.Search;
using LuceneRerank.Reranking;

namespace LuceneRerank.Toolkit.Search;

/// <summary>
/// BM25 first pass, then an optional <see cref="Rescorer"/> over the top of it: the seam where neural reranking plugs in.
/// </summary>
/// <remarks>
/// <para>Without a rescorer the pipeline returns the BM25 hits. With one, the first pass fetches
/// <c>max(hits, window)</c> hits; the top <see cref="RerankWindow"/> of them (all of them when the window is null) go
/// to <see cref="Rescorer.Rescore"/> with <c>topN</c> = the window size.</para>
/// <para>Hits beyond the window are kept below the rescored ones, in first-pass order (Elasticsearch's behaviour,
/// not Lucene's, which drops them): their scores are shifted by one constant so that each is below the lowest rescored
/// score, so tools that re-sort a run by score (trec_eval) keep the order. The result is cut to <c>hits</c>.</para>
/// <para>A rescorer usually needs the query text (Lucene's <see cref="QueryRescorer"/> is built per query), so the
/// pipeline takes a factory that makes the rescorer for each query.</para>
/// <para>With <c>rerankStatistics</c> (a neural reranker's counters), each search also reports the tokenisation and
/// inference time its rescoring added to them; with concurrent searches on one pipeline these splits are approximate.</para>
/// </remarks>
public sealed class SearchPipeline
{
    private readonly Func<string, Rescorer>? _rescorerFactory;
    private readonly IRerankStatisticsSource? _rerankStatistics;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="searcher">The BM25 searcher (first pass).</param>
    /// <param name="rescorerFactory">Makes the rescorer for a query text; null for BM25 only.</param>
    /// <param name="rerankWindow">How many first-pass hits the rescorer sees; null: all of them.</param>
    /// <param name="rerankStatistics">The reranker's counters, to split rescoring time into tokenisation and inference.</param>
    public SearchPipeline(
        Bm25Searcher searcher,
        Func<string, Rescorer>? rescorerFactory = null,
        int? rerankWindow = null,
        IRerankStatisticsSource? rerankStatistics = null)
    {
        if (rerankWindow is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rerankWindow), rerankWindow, "the rerank window must be positive");
        }

        Searcher = searcher;
        _rescorerFactory = rescorerFactory;
        RerankWindow = rerankWindow;
        _rerankStatistics = rerankStatistics;
    }

    /// <summary>The first-pass searcher.</summary>
    public Bm25Searcher Searcher { get; }

    /// <summary>How many first-pass hits are rescored (null: all).</summary>
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
        var tokenization = TimeSpan.Zero;
        var inference = TimeSpan.Zero;
        if (_rescorerFactory is not null && topDocs.ScoreDocs.Length > 0)
        {
            var statistics = _rerankStatistics?.Statistics;
            var tokenizationBefore = statistics?.TokenizationTime ?? TimeSpan.Zero;
            var inferenceBefore = statistics?.InferenceTime ?? TimeSpan.Zero;
            start = Stopwatch.GetTimestamp();
            topDocs = Rescore(_rescorerFactory(queryText), topDocs, hits);
            rescoring = Stopwatch.GetElapsedTime(start);
            if (statistics is not null)
            {
                tokenization = statistics.TokenizationTime - tokenizationBefore;
                inference = statistics.InferenceTime - inferenceBefore;
            }
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
        return new SearchResult(queryText, topDocs, list, new SearchTimings(retrieval, rescoring, lookup, tokenization, inference));
    }

    private TopDocs Rescore(Rescorer rescorer, TopDocs firstPass, int hits)
    {
        var all = firstPass.ScoreDocs;
        var window = Math.Min(RerankWindow ?? all.Length, all.Length);
        var head = new ScoreDoc[window];
        for (var i = 0; i < window; i++)
        {
            head[i] = new ScoreDoc(all[i].Doc, all[i].Score, all[i].ShardIndex);
        }

        var rescored = rescorer.Rescore(Searcher.Searcher, new TopDocs(firstPass.TotalHits, head, firstPass.MaxScore), window);
        var merged = new List<ScoreDoc>(Math.Min(hits, all.Length));
        merged.AddRange(rescored.ScoreDocs.Take(hits));
        if (merged.Count < hits && window < all.Length)
        {
            var lowest = rescored.ScoreDocs.Length > 0 ? rescored.ScoreDocs.Min(d => d.Score) : 0f;
            var shift = lowest - all[window - 1].Score - 1f;
            for (var i = window; i < all.Length && merged.Count < hits; i++)
            {
                merged.Add(new ScoreDoc(all[i].Doc, all[i].Score + shift, all[i].ShardIndex));
            }
        }

        var maxScore = merged.Count > 0 ? merged.Max(d => d.Score) : float.NaN;
        return new TopDocs(firstPass.TotalHits, merged.ToArray(), maxScore);
    }
}
