using LuceneRerank.SearchConsole.Commands;
using LuceneRerank.SearchConsole.Reranking;
using LuceneRerank.Rescoring;
using LuceneRerank.Toolkit.CommandLine;

namespace LuceneRerank.SearchConsole.Tests.Commands;

/// <summary>
/// <c>lrr-search</c> on bad input: usage errors (exit 2) and input errors (exit 1) as one <c>error:</c> line before any
/// search, run files never torn or written over the inputs, timings that add up.
/// </summary>
public sealed class BatchModeSafetyTests
{
    private static void AssertOneErrorLine(ConsoleRun result, int exitCode, string contains)
    {
        Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.Error);
        Assert.That(result.Error, Does.StartWith("error: ").And.Contain(contains));
        Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(result.Output, Does.Not.Contain("retrieval"), "refused before searching");
    }

    [TestCase("--k1", "-1", "--k1 must be at least 0, not -1")]
    [TestCase("--b", "7", "--b must be between 0 and 1, not 7")]
    [TestCase("--b", "NaN", "--b must be between 0 and 1, not NaN")]
    [TestCase("--hits", "0", "--hits must be greater than 0, not 0")]
    [TestCase("--window", "-3", "--window must be positive")]
    [TestCase("--relevance-threshold", "0", "--relevance-threshold must be at least 1, not 0")]
    [TestCase("--tag", "has space", "--tag \"has space\" must be non-empty and free of whitespace")]
    public void NumericAndTagOptionsOutOfRangeAreUsageErrors(string option, string value, string message)
    {
        using var corpus = new SmallCorpus();
        var queries = corpus.Write("q.tsv", "1\tenergy");

        AssertOneErrorLine(ConsoleRun.Run("--index", corpus.Index, "--queries", queries, option, value), ExitCodes.UsageError, message);
    }

    [Test]
    public void RunOutEqualToTheQueriesOrQrelsIsRefusedAndTheyStayIntact()
    {
        using var corpus = new SmallCorpus();
        var queries = corpus.Write("q.tsv", "1\tenergy");
        var qrels = corpus.Write("qrels.txt", "1 0 d2 1");
        var sameQueries = Path.Combine(corpus.Root, "sub", "..", "q.tsv");
        Directory.CreateDirectory(Path.Combine(corpus.Root, "sub"));

        var overQueries = ConsoleRun.Run("--index", corpus.Index, "--queries", queries, "--run-out", sameQueries);
        var overQrels = ConsoleRun.Run("--index", corpus.Index, "--queries", queries, "--qrels", qrels, "--run-out", qrels);

        AssertOneErrorLine(overQueries, ExitCodes.UsageError, "is the --queries file");
        AssertOneErrorLine(overQrels, ExitCodes.UsageError, "is the --qrels file");
        Assert.That(File.ReadAllText(queries), Is.EqualTo("1\tenergy\n"));
        Assert.That(File.ReadAllText(qrels), Is.EqualTo("1 0 d2 1\n"));
    }

    [Test]
    public void RunOutNamingAFolderOrAnUnwritablePlaceIsRefusedBeforeSearching()
    {
        using var corpus = new SmallCorpus();
        var queries = corpus.Write("q.tsv", "1\tenergy");
        var blocker = corpus.Write("file.txt", "x");

        AssertOneErrorLine(ConsoleRun.Run("--index", corpus.Index, "--queries", queries, "--run-out", corpus.Root), ExitCodes.UsageError, "is a folder");
        AssertOneErrorLine(ConsoleRun.Run("--index", corpus.Index, "--queries", queries, "--run-out", Path.Combine(blocker, "run.txt")),
            ExitCodes.InputError, blocker);
    }

    [Test]
    public void AnInterruptedBatchLeavesTheRunFileAsItWasAndSaysWhereThePartialRunIs()
    {
        using var corpus = new SmallCorpus();
        var queries = corpus.Write("q.tsv", "1\tenergy", "2\tlava");
        var runPath = corpus.Write("run.txt", "previous run");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = Program.RunAsync(["--index", corpus.Index, "--queries", queries, "--run-out", runPath], output, error, cancelled.Token)
            .GetAwaiter().GetResult();

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Interrupted));
        Assert.That(error.ToString(), Does.StartWith($"interrupted: {runPath} was not written; the queries searched so far are in "));
        Assert.That(File.ReadAllText(runPath), Is.EqualTo("previous run\n"));
    }

    [Test]
    public void IndexWithATrailingSlashWorksAndAFileOrCorruptIndexIsOneError()
    {
        using var corpus = new SmallCorpus();
        var queries = corpus.Write("q.tsv", "1\tenergy");
        var file = corpus.Write("notes.txt", "x");

        var slash = ConsoleRun.Run("--index", corpus.Index + Path.DirectorySeparatorChar, "--queries", queries);
        Assert.That(slash.ExitCode, Is.EqualTo(0), slash.Error);

        AssertOneErrorLine(ConsoleRun.Run("--index", file, "--queries", queries), ExitCodes.InputError, $"{file} is a file, not an index folder");
        foreach (var part in Directory.GetFiles(corpus.Index).Where(f => !Path.GetFileName(f).StartsWith("segments", StringComparison.Ordinal)))
        {
            File.WriteAllBytes(part, new byte[3]);
        }

        AssertOneErrorLine(ConsoleRun.Run("--index", corpus.Index, "--queries", queries), ExitCodes.InputError, $"the index at {corpus.Index} is damaged");
    }

    [Test]
    public void EmptyQueriesQrelsAndWhitespaceQueryIdsAreInputErrors()
    {
        using var corpus = new SmallCorpus();
        var queries = corpus.Write("q.tsv", "1\tenergy");

        AssertOneErrorLine(ConsoleRun.Run("--index", corpus.Index, "--queries", corpus.Write("empty.tsv")), ExitCodes.InputError, "no queries");
        AssertOneErrorLine(ConsoleRun.Run("--index", corpus.Index, "--queries", queries, "--qrels", corpus.Write("qrels.tsv", "query-id\tcorpus-id\tscore")),
            ExitCodes.InputError, "no judgements (only a header line)");
        var spaced = corpus.Write("spaced.jsonl", """{"_id": "q 1", "text": "energy"}""");
        AssertOneErrorLine(ConsoleRun.Run("--index", corpus.Index, "--queries", spaced), ExitCodes.InputError, $"{spaced}:1: query id \"q 1\" contains whitespace");
    }

    [Test]
    public void TimingLinesAddUpToTheTotal()
    {
        using var corpus = new SmallCorpus();
        var queries = corpus.Write("q.tsv", "1\tenergy", "2\tlava", "3\tcell");

        var result = ConsoleRun.Run("--index", corpus.Index, "--queries", queries, "--run-out", Path.Combine(corpus.Root, "run.txt"));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        double Seconds(string label) => double.Parse(
            result.Output.Split('\n').Single(l => l.StartsWith(label + " ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[label.Split(' ').Length],
            System.Globalization.CultureInfo.InvariantCulture);
        var parts = Seconds("retrieval") + Seconds("id lookup") + Seconds("other");
        Assert.That(parts, Is.EqualTo(Seconds("total")).Within(0.0021), result.Output);
    }

    [Test]
    public void ARerankedRunIsTaggedWithTheModelsAndAGivenTagWins()
    {
        var fusion = ScoreFusion.Replace;
        RerankerSpec Spec(string path) => new(null, path, null, 10, fusion);

        Assert.That(RunTag.For([]), Is.EqualTo("lrr-bm25"));
        Assert.That(RunTag.For([Spec("/models/ms-marco-MiniLM-L-6-v2/")]), Is.EqualTo("lrr-ms-marco-MiniLM-L-6-v2"));
        Assert.That(RunTag.For([Spec("/m/minilm"), Spec("/m/qwen3 reranker")]), Is.EqualTo("lrr-minilm+qwen3_reranker"));
    }
}
