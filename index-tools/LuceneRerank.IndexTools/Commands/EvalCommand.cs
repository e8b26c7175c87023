using System.CommandLine;
using LuceneRerank.Toolkit.CommandLine;
using LuceneRerank.Toolkit.Evaluation;
using LuceneRerank.Toolkit.Trec;

namespace LuceneRerank.IndexTools.Commands;

/// <summary><c>lrr-index eval</c>: scores a TREC run against qrels with trec_eval's conventions.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var qrels = new Option<FileInfo>("--qrels") { Description = "Qrels: TREC (qid 0 docid grade) or BEIR TSV with header (query-id corpus-id score).", Required = true };
        var run = new Option<FileInfo>("--run") { Description = "TREC run (qid Q0 docid rank score tag).", Required = true };
        var metrics = new Option<string>("--metrics") { Description = "Comma-separated metrics: ndcg@k, mrr[@k], recall@k, p@k, map[@k].", DefaultValueFactory = _ => "ndcg@10,mrr@10,recall@100,map" };
        var threshold = new Option<int>("--relevance-threshold") { Description = "Minimum grade counted as relevant by the binary metrics (trec_eval -l; >= 1).", DefaultValueFactory = _ => 1 };
        threshold.Validators.Add(r => NumericOptions.AtLeast(r, "--relevance-threshold", 1));
        var perQuery = new Option<bool>("--per-query") { Description = "Also print each query's values (name<TAB>qid<TAB>value)." };
        var command = new Command("eval", "Evaluate a TREC run like trec_eval -c: prints name<TAB>value with 4 decimals per metric.")
        {
            qrels, run, metrics, threshold, perQuery,
        };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var metricList = Metric.ParseList(parseResult.GetValue(metrics)!);
            var judgements = QrelsReader.Read(parseResult.GetValue(qrels)!.FullName);
            var runFile = TrecRunReader.Read(parseResult.GetValue(run)!.FullName);
            var report = TrecEvaluator.Evaluate(judgements, runFile, metricList,
                new EvaluationOptions { RelevanceThreshold = parseResult.GetValue(threshold) });
            EvaluationReportFormatter.Write(output, report, parseResult.GetValue(perQuery));
            if (report.QueriesWithoutResults > 0)
            {
                error.WriteLine($"note: {report.QueriesWithoutResults} of {report.QueryIds.Count} judged queries have no results in the run (counted as 0, as trec_eval -c)");
            }

            return 0;
        });
        return command;
    }
}
