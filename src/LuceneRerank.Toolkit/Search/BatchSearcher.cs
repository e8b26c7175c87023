using System.Diagnostics;
using LuceneRerank.Toolkit.Trec;

namespace LuceneRerank.Toolkit.Search;

/// <summary>Runs a list of queries through a <see cref="SearchPipeline"/> and produces a TREC run.</summary>
public static class BatchSearcher
{
    /// <summary>Searches every query in order.</summary>
    /// <param name="pipeline">The pipeline (BM25, optionally rescored).</param>
    /// <param name="queries">The queries.</param>
    /// <param name="hits">Hits per query.</param>
    /// <param name="tag">The run tag.</param>
    /// <param name="runWriter">Receives the run lines as they are produced (null: keep them in memory only).</param>
    /// <param name="progress">Receives the number of queries done after each query.</param>
    /// <param name="cancellationToken">Stops between queries, so <paramref name="runWriter"/> holds whole lines of whole queries.</param>
    /// <param name="keepRun">Also keep the run in <see cref="BatchSearchResult.Run"/> (default); false keeps memory flat
    /// over long query files, the lines going to <paramref name="runWriter"/> only.</param>
    public static BatchSearchResult Run(
        SearchPipeline pipeline,
        IReadOnlyList<QueryTopic> queries,
        int hits,
        string tag,
        TextWriter? runWriter = null,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default,
        bool keepRun = true)
    {
        var run = new TrecRun();
        var timings = SearchTimings.Zero;
        var empty = 0;
        var clock = Stopwatch.StartNew();
        for (var q = 0; q < queries.Count; q++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var query = queries[q];
            var result = pipeline.Search(query.Text, hits);
            timings += result.Timings;
            if (result.Hits.Count == 0)
            {
                empty++;
            }

            foreach (var hit in result.Hits)
            {
                var entry = new TrecRunEntry(query.Id, hit.DocumentId, hit.Rank, hit.Score, tag);
                if (keepRun)
                {
                    run.Add(entry);
                }

                if (runWriter is not null)
                {
                    runWriter.Write(TrecRunWriter.Format(entry));
                    runWriter.Write('\n');
                }
            }

            progress?.Report(q + 1);
        }

        clock.Stop();
        return new BatchSearchResult(run, queries.Count, empty, timings, clock.Elapsed);
    }
}
