using System.Diagnostics;
using System.Globalization;
using LuceneRerank.Testing;
using LuceneRerank.Toolkit.Evaluation;
using LuceneRerank.Toolkit.Trec;

namespace LuceneRerank.Toolkit.Tests.Evaluation;

/// <summary>
/// Compares the evaluator, query by query, with an independent re-implementation of trec_eval's conventions in Python
/// (<c>tests/reference/trec_eval_reference.py</c>), on the TREC DL 2019 BM25 run, and on the same run with its scores
/// rounded so that many ties must be broken as trec_eval breaks them.
/// </summary>
public sealed class ReferenceAgreementTests
{
    private const string Python = "/usr/bin/python3";
    private const string Metrics = "ndcg@10,ndcg@100,mrr@10,recall@100,recall@10,p@10,map";

    private static Dictionary<(string Metric, string Query), double> RunReference(string qrels, string run, int level)
    {
        if (!File.Exists(Python))
        {
            Assert.Ignore("Debian python3 not installed");
        }

        var script = Path.Combine(TestPaths.RepositoryRoot, "tests", "reference", "trec_eval_reference.py");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, qrels, run, Metrics, level.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(0), error);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .ToDictionary(p => (p[0], p[1]), p => double.Parse(p[2], CultureInfo.InvariantCulture));
    }

    private static void AssertAgreement(string qrelsPath, string runPath, int level)
    {
        var expected = RunReference(qrelsPath, runPath, level);
        var metrics = Metric.ParseList(Metrics);
        var report = TrecEvaluator.Evaluate(QrelsReader.Read(qrelsPath), TrecRunReader.Read(runPath), metrics,
            new EvaluationOptions { RelevanceThreshold = level });

        Assert.That(report.QueryIds, Has.Count.EqualTo(expected.Count / metrics.Count - 1));
        for (var m = 0; m < metrics.Count; m++)
        {
            var name = Metrics.Split(',')[m];
            foreach (var query in report.QueryIds)
            {
                Assert.That(report.PerQuery[query][m], Is.EqualTo(expected[(name, query)]).Within(1e-12), $"{name} of query {query}");
            }

            Assert.That(report.Means[m], Is.EqualTo(expected[(name, "all")]).Within(1e-12), name);
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    public void AgreesOnTheDl19Bm25Run(int level)
    {
        var qrels = TestPaths.SharedFile("data", "trec-dl-2019-passage", "qrels.dl19-passage.txt");
        var run = TestPaths.SharedFile("data", "trec-dl-2019-passage", "run.bm25.rank_llm_data.dl19.top100.txt");
        AssertAgreement(qrels, run, level);
    }

    [Test]
    public void AgreesOnTiesWhenScoresAreRounded()
    {
        var qrels = TestPaths.SharedFile("data", "trec-dl-2019-passage", "qrels.dl19-passage.txt");
        var run = TrecRunReader.Read(TestPaths.SharedFile("data", "trec-dl-2019-passage", "run.bm25.rank_llm_data.dl19.top100.txt"));
        using var files = new TempFiles();
        var rounded = new TrecRun();
        foreach (var query in run.QueryIds)
        {
            foreach (var entry in run[query])
            {
                rounded.Add(entry with { Score = Math.Round(entry.Score) });
            }
        }

        var path = files.PathOf("rounded.txt");
        TrecRunWriter.Write(path, rounded);
        AssertAgreement(qrels, path, 1);
    }

    [Test]
    public void Dl19Bm25RunScoresTheAnseriniPublishedNdcgAt10()
    {
        var qrels = QrelsReader.Read(TestPaths.SharedFile("data", "trec-dl-2019-passage", "qrels.dl19-passage.txt"));
        var run = TrecRunReader.Read(TestPaths.SharedFile("data", "trec-dl-2019-passage", "run.bm25.rank_llm_data.dl19.top100.txt"));

        var report = TrecEvaluator.Evaluate(qrels, run, [Metric.Parse("ndcg@10")]);

        // 0.5058: the Anserini regression page's figure for this run (trec_eval -c -m ndcg_cut.10).
        Assert.That(report.Mean("ndcg@10").ToString("F4", CultureInfo.InvariantCulture), Is.EqualTo("0.5058"));
    }
}
