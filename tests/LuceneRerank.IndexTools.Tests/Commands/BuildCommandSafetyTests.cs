using LuceneRerank.Testing;
using LuceneRerank.Toolkit.CommandLine;

namespace LuceneRerank.IndexTools.Tests.Commands;

/// <summary>
/// <c>lrr-index build</c> and <c>stats</c> on bad input: every case one <c>error:</c> line (no stack trace) with the
/// exit code of <see cref="ExitCodes"/>, and nothing lost.
/// </summary>
public sealed class BuildCommandSafetyTests
{
    private static readonly string[] s_corpus =
    [
        """{"_id": "d1", "title": "Cats", "text": "Cats purr and sleep."}""",
        """{"_id": "d2", "title": "Dogs", "text": "Dogs bark at cats."}""",
    ];

    private static void AssertOneErrorLine(Cli result, int exitCode, string startsWith)
    {
        Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.Error);
        Assert.That(result.Error, Does.StartWith("error: " + startsWith));
        Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
    }

    private static string Stats(string index) => Cli.Run("stats", "--index", index).Output;

    [TestCase("empty.jsonl", new string[0], "the file is empty or holds only blank lines")]
    [TestCase("blank.jsonl", new[] { "", "   ", "\t" }, "the file is empty or holds only blank lines")]
    [TestCase("bad.jsonl", new[] { "{\"title\": \"no id\"}", "not json" }, "all 2 non-blank lines were skipped")]
    [TestCase("empty.tsv", new[] { "" }, "the file is empty or holds only blank lines")]
    public void AnEmptyCorpusNeverReplacesAnIndex(string name, string[] lines, string why)
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        Assert.That(Cli.Run("build", "--corpus", files.Write("good.jsonl", s_corpus), "--index", index).ExitCode, Is.EqualTo(0));
        var before = Stats(index);

        var result = Cli.Run("build", "--corpus", files.Write(name, lines), "--index", index, "--force", "--skip-bad");

        AssertOneErrorLine(result, ExitCodes.InputError, files.PathOf(name) + ": no documents to index");
        Assert.That(result.Error, Does.Contain(why).And.Contain($"the index at {index} is unchanged").And.Contain("--allow-empty"));
        Assert.That(Stats(index), Is.EqualTo(before));
    }

    [Test]
    public void AllowEmptyBuildsAnEmptyIndex()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");

        var result = Cli.Run("build", "--corpus", files.Write("empty.txt"), "--index", index, "--allow-empty");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.Output, Does.Match(@"documents\s+0\n"));
    }

    [Test]
    public void ATrailingSlashOnIndexWorksForBuildStatsAndRebuild()
    {
        using var files = new TempFiles();
        var corpus = files.Write("c.jsonl", s_corpus);
        var index = files.PathOf("index") + Path.DirectorySeparatorChar;

        var build = Cli.Run("build", "--corpus", corpus, "--index", index);
        var stats = Cli.Run("stats", "--index", index);
        var rebuild = Cli.Run("build", "--corpus", corpus, "--index", index, "--force");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.Error);
        Assert.That(build.Output, Does.Contain("index          " + files.PathOf("index") + "\n"));
        Assert.That(stats.ExitCode, Is.EqualTo(0), stats.Error);
        Assert.That(stats.Output, Does.Match(@"documents\s+2\n"));
        Assert.That(rebuild.ExitCode, Is.EqualTo(0), rebuild.Error);
        Assert.That(Directory.GetDirectories(files.Root), Is.EqualTo(new[] { files.PathOf("index") }));
    }

    [Test]
    public void ASymlinkedIndexIsReplacedWhereTheLinkPointsAndTheLinkStays()
    {
        using var files = new TempFiles();
        var real = files.PathOf("real");
        Assert.That(Cli.Run("build", "--corpus", files.Write("a.jsonl", s_corpus[0]), "--index", real).ExitCode, Is.EqualTo(0));
        var link = files.PathOf("link");
        Directory.CreateSymbolicLink(link, real);

        var result = Cli.Run("build", "--corpus", files.Write("b.jsonl", s_corpus), "--index", link, "--force");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.Output, Does.Contain($"index          {real} (replaced)"));
        Assert.That(new DirectoryInfo(link).LinkTarget, Is.EqualTo(real), "the link is still a link");
        Assert.That(Stats(link), Does.Match(@"documents\s+2\n"));
        Assert.That(Stats(real), Does.Match(@"documents\s+2\n"));
    }

    [Test]
    public void IndexNamingAFileIsOneClearError()
    {
        using var files = new TempFiles();
        var file = files.Write("notes.txt", "hello");

        AssertOneErrorLine(Cli.Run("stats", "--index", file), ExitCodes.InputError, $"index not found: {file} is a file, not an index folder");
        AssertOneErrorLine(Cli.Run("build", "--corpus", files.Write("c.jsonl", s_corpus), "--index", file), ExitCodes.InputError,
            $"{file} is a file, not an index directory");
        Assert.That(File.ReadAllText(file), Is.EqualTo("hello\n"));
    }

    [Test]
    public void ACorruptIndexIsOneErrorNamingIt()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        Assert.That(Cli.Run("build", "--corpus", files.Write("c.jsonl", s_corpus), "--index", index).ExitCode, Is.EqualTo(0));
        foreach (var file in Directory.GetFiles(index).Where(f => !Path.GetFileName(f).StartsWith("segments", StringComparison.Ordinal)))
        {
            File.WriteAllBytes(file, new byte[7]);
        }

        var result = Cli.Run("stats", "--index", index);

        AssertOneErrorLine(result, ExitCodes.InputError, $"the index at {index} is damaged");
        Assert.That(result.Error, Does.Contain("lrr-index build --force"));
    }

    [Test]
    public void WithVerboseTheStackTraceFollows()
    {
        using var files = new TempFiles();
        var file = files.Write("notes.txt", "hello");

        var result = Cli.Run("stats", "--index", file, "--verbose");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
        Assert.That(result.Error, Does.StartWith("error: index not found").And.Contain("   at "));
    }

    [Test]
    public void IdsWithWhitespaceOrPastLucenesTermLimitAreRefusedPerLineAndSkippedWithSkipBad()
    {
        using var files = new TempFiles();
        var longId = new string('\u4e00', 10923); // 32,769 UTF-8 bytes
        var corpus = files.Write("c.jsonl", s_corpus[0], """{"_id": "has space", "text": "x"}""", $$"""{"_id": "{{longId}}", "text": "y"}""", s_corpus[1]);

        var strict = Cli.Run("build", "--corpus", corpus, "--index", files.PathOf("a"));
        var skipping = Cli.Run("build", "--corpus", corpus, "--index", files.PathOf("b"), "--skip-bad");

        AssertOneErrorLine(strict, ExitCodes.InputError, $"{corpus}:2: document id \"has space\" contains whitespace");
        Assert.That(skipping.ExitCode, Is.EqualTo(0), skipping.Error);
        Assert.That(skipping.Output, Does.Match(@"documents\s+2\n").And.Match(@"skipped lines\s+2\n"));
        Assert.That(skipping.Output, Does.Contain($"skipped: {corpus}:3: document id").And.Contain("is 32769 UTF-8 bytes long; Lucene allows at most 32766"));
    }

    [Test]
    public void EmptyDocumentsAndBytesThatAreNotUtf8AreIndexedCountedAndWarned()
    {
        using var files = new TempFiles();
        var corpus = files.PathOf("c.jsonl");
        var lines = string.Join('\n', s_corpus[0], """{"_id": "e1", "title": "", "text": "  "}""", "{\"_id\": \"b1\", \"text\": \"caf\u00e9 ", s_corpus[1], """{"_id": "e2"}""");
        var bytes = System.Text.Encoding.UTF8.GetBytes(lines).ToList();
        var at = bytes.IndexOf((byte)0xC3); // "é" -> a lone 0xE9 (Latin-1), then close the string
        bytes.RemoveRange(at, 2);
        bytes.InsertRange(at, new byte[] { 0xE9, 0xFF });
        bytes.InsertRange(bytes.IndexOf((byte)'\n', at), "\"}"u8.ToArray());
        File.WriteAllBytes(corpus, bytes.ToArray());

        var result = Cli.Run("build", "--corpus", corpus, "--index", files.PathOf("index"));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.Output, Does.Match(@"documents\s+5\n"));
        Assert.That(result.Error, Does.Contain("warning: 2 documents have no title and no text (first at line 2)"));
        Assert.That(result.Error, Does.Contain("warning: 2 byte sequences are not UTF-8 (first at line 3)"));
    }

    [Test]
    public void UnknownOptionsAndBadValuesAreUsageErrors()
    {
        var unknown = Cli.Run("build", "--corpus", "x", "--index", "y", "--no-such-option");
        var format = Cli.Run("build", "--corpus", "x", "--index", "y", "--format", "xml");

        Assert.That(unknown.ExitCode, Is.EqualTo(ExitCodes.UsageError));
        Assert.That(unknown.Error, Does.StartWith("error: ").And.Contain("--no-such-option"));
        Assert.That(format.ExitCode, Is.EqualTo(ExitCodes.UsageError));
    }

    [TestCase(new string[0], "no judgements (the file is empty")]
    [TestCase(new[] { "query-id\tcorpus-id\tscore" }, "no judgements (only a header line)")]
    public void EvalRefusesEmptyOrHeaderOnlyQrels(string[] lines, string problem)
    {
        using var files = new TempFiles();
        var qrels = files.Write("qrels.tsv", lines);
        var run = files.Write("run.txt", "1 Q0 d1 1 1.5 t");

        AssertOneErrorLine(Cli.Run("eval", "--qrels", qrels, "--run", run), ExitCodes.InputError, $"{qrels}: {problem}");
    }
}
