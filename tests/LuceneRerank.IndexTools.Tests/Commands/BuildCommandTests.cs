using LuceneRerank.Testing;
namespace LuceneRerank.IndexTools.Tests.Commands;

public sealed class BuildCommandTests
{
    private static readonly string[] s_corpus =
    [
        """{"_id": "d1", "title": "Cats", "text": "Cats purr and sleep."}""",
        """{"_id": "d2", "title": "Dogs", "text": "Dogs bark at cats."}""",
        """{"_id": "d3", "title": "Birds", "text": "Birds sing."}""",
    ];

    [Test]
    public void BuildsAndPrintsASummary()
    {
        using var dir = new TempFiles();
        var corpus = dir.Write("corpus.jsonl", s_corpus);

        var result = Cli.Run("build", "--corpus", corpus, "--index", dir.PathOf("index"));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.Output, Does.Match(@"documents\s+3\n"));
        Assert.That(result.Output, Does.Match(@"skipped lines\s+0\n"));
        Assert.That(result.Output, Does.Contain("index size"));
        Assert.That(result.Output, Does.Match(@"time\s+[0-9.]+ s \([0-9]+ documents/s\)"));
    }

    [Test]
    public void BuildsATsvCorpusWithExplicitFormat()
    {
        using var dir = new TempFiles();
        var corpus = dir.Write("corpus.txt", "p1\tfirst passage", "p2\tsecond passage");

        var result = Cli.Run("build", "--corpus", corpus, "--index", dir.PathOf("index"), "--format", "tsv");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.Output, Does.Contain("format         tsv"));
        Assert.That(result.Output, Does.Match(@"documents\s+2\n"));
    }

    [Test]
    public void RefusesToOverwriteWithoutForceAndReplacesWithIt()
    {
        using var dir = new TempFiles();
        var corpus = dir.Write("corpus.jsonl", s_corpus);
        var index = dir.PathOf("index");
        Assert.That(Cli.Run("build", "--corpus", corpus, "--index", index).ExitCode, Is.EqualTo(0));

        var refused = Cli.Run("build", "--corpus", corpus, "--index", index);
        var forced = Cli.Run("build", "--corpus", corpus, "--index", index, "--force");

        Assert.That(refused.ExitCode, Is.EqualTo(1));
        Assert.That(refused.Error, Does.StartWith("error: an index already exists at " + index).And.Contain("--force"));
        Assert.That(forced.ExitCode, Is.EqualTo(0), forced.Error);
        Assert.That(forced.Output, Does.Contain("(replaced)"));
    }

    [Test]
    public void ForcedBuildAfterAnInterruptedReplacePrintsWhatItRestored()
    {
        using var dir = new TempFiles();
        var corpus = dir.Write("corpus.jsonl", s_corpus);
        var index = dir.PathOf("index");
        Assert.That(Cli.Run("build", "--corpus", corpus, "--index", index).ExitCode, Is.EqualTo(0));
        var aside = dir.PathOf(".index.replaced-0123");
        Directory.Move(index, aside);  // as a process killed between the two renames of a replace leaves it

        var forced = Cli.Run("build", "--corpus", corpus, "--index", index, "--force");

        Assert.That(forced.ExitCode, Is.EqualTo(0), forced.Error);
        Assert.That(forced.Output, Does.Contain("(replaced)").And.Contain($"note: restored the index at {index} from {aside}"));
    }

    [Test]
    public void MalformedLineStopsTheBuildNamingFileAndLineAndKeepsTheOldIndex()
    {
        using var dir = new TempFiles();
        var index = dir.PathOf("index");
        Assert.That(Cli.Run("build", "--corpus", dir.Write("good.jsonl", s_corpus), "--index", index).ExitCode, Is.EqualTo(0));
        var bad = dir.Write("bad.jsonl", s_corpus[0], """{"title": "no id"}""", s_corpus[1]);

        var result = Cli.Run("build", "--corpus", bad, "--index", index, "--force");
        var stats = Cli.Run("stats", "--index", index);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain(bad + ":2: missing \"_id\""));
        Assert.That(stats.Output, Does.Match(@"documents\s+3\n"), "the old index is intact");
    }

    [Test]
    public void SkipBadCountsAndListsSkippedLines()
    {
        using var dir = new TempFiles();
        var corpus = dir.Write("c.jsonl", s_corpus[0], "{oops", s_corpus[0], s_corpus[2]);

        var result = Cli.Run("build", "--corpus", corpus, "--index", dir.PathOf("index"), "--skip-bad");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.Output, Does.Match(@"documents\s+2\n"));
        Assert.That(result.Output, Does.Match(@"skipped lines\s+2\n"));
        Assert.That(result.Output, Does.Contain(corpus + ":2: bad JSON"));
        Assert.That(result.Output, Does.Contain(corpus + ":3: duplicate id \"d1\""));
    }

    [Test]
    public void MissingCorpusIsAClearError()
    {
        using var dir = new TempFiles();
        var result = Cli.Run("build", "--corpus", dir.PathOf("nope.jsonl"), "--index", dir.PathOf("index"));
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("corpus file not found: " + dir.PathOf("nope.jsonl")));
    }

    [Test]
    public void StatsPrintsDocumentsFieldsTermsAndSize()
    {
        using var dir = new TempFiles();
        var index = dir.PathOf("index");
        Cli.Run("build", "--corpus", dir.Write("c.jsonl", s_corpus), "--index", index);

        var result = Cli.Run("stats", "--index", index);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.Output, Does.Match(@"documents\s+3\n"));
        Assert.That(result.Output, Does.Match(@"\nsize\s+[0-9.]+ (B|KiB|MiB)"));
        // title terms: cat, dog, bird.
        Assert.That(result.Output, Does.Match(@"\ntitle\s+yes\s+3\s+3\s+3\n"));
        Assert.That(result.Output, Does.Match(@"\ncontents\s+yes\s+"));
    }

    [Test]
    public void StatsOnAMissingIndexIsAClearError()
    {
        using var dir = new TempFiles();
        var result = Cli.Run("stats", "--index", dir.Root);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("holds no Lucene index"));
    }
}
