using System.Globalization;
using LuceneRerank.Rescoring;
using LuceneRerank.Toolkit.CommandLine;
using LuceneRerank.Toolkit.Evaluation;
using LuceneRerank.Toolkit.Search;
using LuceneRerank.Toolkit.Trec;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary>
/// Batch mode: searches a queries file, streams a TREC run to <c>--run-out</c> (see <see cref="RunFileWriter"/>), shows
/// progress, prints timings that add up to the total and (with qrels) metrics.
/// </summary>
internal static class BatchMode
{
    public static int Run(
        SearchPipeline pipeline, SearchSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken,
        CascadeRescorer? chain = null, RunFileWriter? runFile = null)
    {
        var c = CultureInfo.InvariantCulture;
        var metrics = Metric.ParseList(settings.Metrics);
        IReadOnlyList<QueryTopic> queries = QueriesReader.Read(settings.QueriesPath!);
        Qrels? qrels = settings.QrelsPath is null ? null : QrelsReader.Read(settings.QrelsPath);
        if (qrels is not null && !settings.AllQueries)
        {
            var judged = queries.Where(q => qrels.Contains(q.Id)).ToList();
            var missing = qrels.QueryIds.Count - judged.Count;
            if (missing > 0)
            {
                error.WriteLine($"note: {missing} judged queries are not in {settings.QueriesPath} (they count as 0)");
            }

            queries = judged;
        }

        output.WriteLine($"pipeline    {PipelineFactory.Describe(pipeline, settings, chain)}");
        output.WriteLine(string.Create(c, $"queries     {queries.Count}{(qrels is not null && !settings.AllQueries ? " (judged in the qrels)" : string.Empty)}, {settings.Hits} hits each"));

        // The run streams to the file; it is kept in memory only when the qrels need it for evaluation.
        BatchSearchResult result;
        try
        {
            result = BatchProgressDisplay.Run(output, error, queries.Count, progress =>
                BatchSearcher.Run(pipeline, queries, settings.Hits, settings.Tag, runFile?.Writer, progress, cancellationToken, keepRun: qrels is not null));
        }
        catch (OperationCanceledException e) when (runFile is not null)
        {
            runFile.KeepPartial();
            throw new CommandInterruptedException(
                $"{runFile.Path} was not written; the queries searched so far are in {runFile.PartialPath} (whole lines only)", e);
        }

        if (runFile is not null)
        {
            runFile.Finish();
            output.WriteLine($"run         {runFile.Path}");
        }

        WriteTimings(output, result, pipeline.HasRescorer, chain);
        if (result.QueriesWithoutHits > 0)
        {
            error.WriteLine(string.Create(c, $"note: {result.QueriesWithoutHits} queries had no hit (no searchable term or no match)"));
        }

        if (qrels is not null)
        {
            var report = TrecEvaluator.Evaluate(qrels, result.Run, metrics, new EvaluationOptions { RelevanceThreshold = settings.RelevanceThreshold });
            EvaluationReportFormatter.Write(output, report, settings.PerQuery);
        }

        return 0;
    }

    private static void WriteTimings(TextWriter output, BatchSearchResult result, bool rescored, CascadeRescorer? chain)
    {
        var c = CultureInfo.InvariantCulture;
        var n = Math.Max(1, result.Queries);
        output.WriteLine(string.Create(c, $"retrieval   {result.Timings.Retrieval.TotalSeconds:F3} s ({result.Timings.Retrieval.TotalMilliseconds / n:F2} ms/query)"));
        if (rescored)
        {
            output.WriteLine(string.Create(c, $"rescoring   {result.Timings.Rescoring.TotalSeconds:F3} s ({result.Timings.Rescoring.TotalMilliseconds / n:F2} ms/query)"));
            if (chain is { Stages.Count: > 1 })
            {
                var timings = result.Timings.Stages;
                for (var i = 0; i < timings.Count; i++)
                {
                    var t = timings[i];
                    output.WriteLine(string.Create(c,
                        $"  stage {i + 1}   {t.Elapsed.TotalSeconds:F3} s ({t.Elapsed.TotalMilliseconds / n:F2} ms/query; tokenise {t.Tokenization.TotalSeconds:F3} s, inference {t.Inference.TotalSeconds:F3} s) {chain.Stages[i].Reranker.Description.Name}"));
                }
            }
            else
            {
                output.WriteLine(string.Create(c, $"  tokenise  {result.Timings.Tokenization.TotalSeconds:F3} s ({result.Timings.Tokenization.TotalMilliseconds / n:F2} ms/query)"));
                output.WriteLine(string.Create(c, $"  inference {result.Timings.Inference.TotalSeconds:F3} s ({result.Timings.Inference.TotalMilliseconds / n:F2} ms/query)"));
            }
        }

        output.WriteLine(string.Create(c, $"id lookup   {result.Timings.Lookup.TotalSeconds:F3} s"));
        var other = result.Elapsed - result.Timings.Total;
        output.WriteLine(string.Create(c, $"other       {Math.Max(0, other.TotalSeconds):F3} s (writing the run, progress)"));
        output.WriteLine(string.Create(c, $"total       {result.Elapsed.TotalSeconds:F3} s ({result.QueriesPerSecond:F1} queries/s)"));
    }
}
