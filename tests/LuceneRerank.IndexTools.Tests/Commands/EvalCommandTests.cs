using LuceneRerank.Testing;

namespace LuceneRerank.IndexTools.Tests.Commands;

public sealed class EvalCommandTests
{
    [Test]
    public void PrintsMetricLinesWithFourDecimalsAndPerQueryValues()
    {
        using var dir = new TempFiles();
        var qrels = dir.Write("qrels.txt", "q1 0 a 1", "q1 0 b 2", "q2 0 c 1");
        var run = dir.Write("run.txt", "q1 Q0 x 1 3.0 t", "q1 Q0 b 2 2.0 t", "q1 Q0 a 3 1.0 t");

        var result = Cli.Run("eval", "--qrels", qrels, "--run", run, "--metrics", "mrr@10,recall@2", "--per-query");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        // q1: first relevant at rank 2 (mrr 0.5), 1 of 2 relevant in the top 2; q2 has no results (-c: zeros).
        Assert.That(result.TabLines, Is.EqualTo(new[]
        {
            "mrr@10\t0.2500", "recall@2\t0.2500",
            "mrr@10\tq1\t0.5000", "recall@2\tq1\t0.5000",
            "mrr@10\tq2\t0.0000", "recall@2\tq2\t0.0000",
        }));
        Assert.That(result.Error, Does.Contain("1 of 2 judged queries have no results"));
    }

    [Test]
    public void RelevanceThresholdAppliesToBinaryMetrics()
    {
        using var dir = new TempFiles();
        var qrels = dir.Write("qrels.tsv", "query-id\tcorpus-id\tscore", "q1\ta\t1", "q1\tb\t2");
        var run = dir.Write("run.txt", "q1 Q0 a 1 2.0 t", "q1 Q0 b 2 1.0 t");

        var result = Cli.Run("eval", "--qrels", qrels, "--run", run, "--metrics", "mrr", "--relevance-threshold", "2");

        Assert.That(result.TabLines, Is.EqualTo(new[] { "mrr\t0.5000" }));
    }

    [Test]
    public void Dl19Bm25RunPrintsThePublishedNdcg()
    {
        var qrels = TestPaths.SharedFile("data", "trec-dl-2019-passage", "qrels.dl19-passage.txt");
        var run = TestPaths.SharedFile("data", "trec-dl-2019-passage", "run.bm25.rank_llm_data.dl19.top100.txt");

        var result = Cli.Run("eval", "--qrels", qrels, "--run", run);

        Assert.That(result.TabLines[0], Is.EqualTo("ndcg@10\t0.5058"));
    }

    [Test]
    public void BadRunLineIsAClearError()
    {
        using var dir = new TempFiles();
        var qrels = dir.Write("qrels.txt", "q1 0 a 1");
        var run = dir.Write("run.txt", "q1 Q0 a 1 1.0 t", "q1 Q0 b 2 notanumber t");

        var result = Cli.Run("eval", "--qrels", qrels, "--run", run);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain(run + ":2: score \"notanumber\" is not a number"));
    }

    [Test]
    public void UnknownMetricIsAClearError()
    {
        using var dir = new TempFiles();
        var result = Cli.Run("eval", "--qrels", dir.Write("q", "q1 0 a 1"), "--run", dir.Write("r", "q1 Q0 a 1 1 t"), "--metrics", "bpref");
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("unknown metric \"bpref\""));
    }
}
