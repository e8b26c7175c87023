using LuceneRerank.Toolkit.Trec;

namespace LuceneRerank.SearchConsole.Tests.Commands;

public sealed class BatchModeTests
{
    [Test]
    public void WritesATrecRunAndPrintsMetricsForJudgedQueries()
    {
        using var corpus = new SmallCorpus();
        var queries = corpus.Write("queries.jsonl",
            """{"_id": "q1", "text": "How do plants make energy from light?"}""",
            """{"_id": "q2", "text": "volcano eruption"}""",
            """{"_id": "q3", "text": "not judged"}""");
        var qrels = corpus.Write("qrels.tsv", "query-id\tcorpus-id\tscore", "q1\td1\t1", "q2\td3\t1");
        var runPath = Path.Combine(corpus.Root, "runs", "run.txt");

        var result = ConsoleRun.Run("--index", corpus.Index, "--queries", queries, "--qrels", qrels, "--run-out", runPath, "--hits", "2");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        var run = TrecRunReader.Read(runPath);
        Assert.That(run.QueryIds, Is.EqualTo(new[] { "q1", "q2" }), "only judged queries are searched");
        Assert.That(run["q1"].Select(e => e.DocumentId).First(), Is.EqualTo("d1"));
        Assert.That(run["q1"].Select(e => e.Rank), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(run["q2"].Single().DocumentId, Is.EqualTo("d3"));
        Assert.That(result.TabLines, Is.EqualTo(new[] { "ndcg@10\t1.0000", "mrr@10\t1.0000", "recall@100\t1.0000", "map\t1.0000" }));
        Assert.That(result.Output, Does.Match(@"retrieval\s+[0-9.]+ s"));
        Assert.That(result.Output, Does.Match(@"queries/s"));
    }

    [Test]
    public void MetricLinesMatchLrrIndexEvalOnTheWrittenRun()
    {
        using var corpus = new SmallCorpus();
        var queries = corpus.Write("topics.tsv", "1\tenergy", "2\tlava cell", "3\tthe of");
        var qrels = corpus.Write("qrels.txt", "1 0 d2 2", "1 0 d1 1", "2 0 d2 1", "3 0 d3 1");
        var runPath = Path.Combine(corpus.Root, "run.txt");

        var search = ConsoleRun.Run("--index", corpus.Index, "--queries", queries, "--qrels", qrels, "--run-out", runPath);
        var evalOut = new StringWriter();
        var evalExit = LuceneRerank.IndexTools.Program.CreateRootCommand()
            .Parse(["eval", "--qrels", qrels, "--run", runPath])
            .Invoke(new System.CommandLine.InvocationConfiguration { Output = evalOut, Error = new StringWriter() });

        Assert.That(evalExit, Is.EqualTo(0));
        Assert.That(search.TabLines, Is.EqualTo(evalOut.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.That(search.Error, Does.Contain("1 queries had no hit"));
    }

    [Test]
    public void QueriesFullOfSyntaxCharactersDoNotBreakTheBatch()
    {
        using var corpus = new SmallCorpus();
        var queries = corpus.Write("q.tsv", "1\t\"energy AND (cell OR [light]) ~ * ? : ^2", "2\t)))", "3\t\\");

        var result = ConsoleRun.Run("--index", corpus.Index, "--queries", queries, "--run-out", Path.Combine(corpus.Root, "r.txt"));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(TrecRunReader.Read(Path.Combine(corpus.Root, "r.txt")).QueryIds, Is.EqualTo(new[] { "1" }));
    }

    [Test]
    public void MultifieldAndBm25ParametersAreAccepted()
    {
        using var corpus = new SmallCorpus();
        var queries = corpus.Write("q.tsv", "1\tmitochondria energy");
        var qrels = corpus.Write("qrels.txt", "1 0 d2 1");

        var result = ConsoleRun.Run("--index", corpus.Index, "--queries", queries, "--qrels", qrels, "--fields", "multifield", "--k1", "1.2", "--b", "0.75");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.Output, Does.Contain("k1=1.2 b=0.75 fields=multifield"));
        Assert.That(result.Metric("mrr@10"), Is.EqualTo(1.0));
    }

    [Test]
    public void MissingIndexAndBadQueriesFileAreClearErrors()
    {
        using var corpus = new SmallCorpus();
        var missing = ConsoleRun.Run("--index", Path.Combine(corpus.Root, "nope"), "--queries", corpus.Write("q.tsv", "1\tx"));
        var bad = ConsoleRun.Run("--index", corpus.Index, "--queries", corpus.Write("q.jsonl", """{"_id": "1"}"""));
        var noQueries = ConsoleRun.Run("--index", corpus.Index, "--run-out", "x.txt");

        Assert.That(missing.ExitCode, Is.EqualTo(1));
        Assert.That(missing.Error, Does.Contain("index not found"));
        Assert.That(bad.ExitCode, Is.EqualTo(1));
        Assert.That(bad.Error, Does.Contain("q.jsonl:1: missing \"text\""));
        Assert.That(noQueries.ExitCode, Is.Not.EqualTo(0));
        Assert.That(noQueries.Error, Does.Contain("need --queries"));
    }
}
