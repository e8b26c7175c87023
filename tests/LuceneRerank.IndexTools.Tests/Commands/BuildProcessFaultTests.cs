using System.Diagnostics;
using LuceneRerank.Toolkit.Indexing;
using LuceneRerank.Toolkit.Search;
using LuceneRerank.Testing;

namespace LuceneRerank.IndexTools.Tests.Commands;

/// <summary>
/// Fault tests with real child <c>lrr-index build</c> processes: killed (SIGKILL) at seeded random points, stopped by
/// SIGTERM / SIGINT, and two builds into the same index at once. The old index must answer a fixed set of queries
/// exactly as before (or, when the kill came after the swap, exactly as the new corpus does).
/// </summary>
[NonParallelizable]
public sealed class BuildProcessFaultTests
{
    private static readonly int[] s_killSeeds = [11, 23, 37, 41, 59];
    private static readonly string[] s_queries = ["cells energy", "lava flows", "document seven", "protein folding"];

    private static string[] Corpus(string prefix, int count) => Enumerable.Range(0, count)
        .Select(i => $$"""{"_id": "{{prefix}}{{i}}", "title": "Title {{i}} {{prefix}}", "text": "Body of {{prefix}} document {{i}} about cells, protein folding{{(i % 3 == 0 ? " and lava flows with energy" : "")}}; {{string.Join(' ', Enumerable.Range(0, 30).Select(w => "w" + ((i * 31 + w) % 997)))}}."}""")
        .ToArray();

    private static List<string> Answers(string index)
    {
        using var searcher = new Bm25Searcher(index);
        var pipeline = new SearchPipeline(searcher);
        return s_queries.SelectMany(q => pipeline.Search(q, 10).Hits.Select(h => $"{q}|{h.DocumentId}|{h.Score:R}")).ToList();
    }

    private static bool WaitForBuildFolder(TempFiles files, LrrIndexProcess process)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
        {
            if (Directory.GetDirectories(files.Root, ".index.building-*").Length > 0)
            {
                return true;
            }

            Thread.Sleep(5);
        }

        return false;
    }

    [Test]
    public void KilledAtRandomPointsTheOldIndexAnswersIdentically()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        var oldCorpus = files.Write("old.jsonl", Corpus("old", 50));
        IndexBuilder.Build(oldCorpus, index);
        var oldAnswers = Answers(index);
        var newCorpus = files.Write("new.jsonl", Corpus("new", 4000));
        IndexBuilder.Build(newCorpus, files.PathOf("reference"));
        var newAnswers = Answers(files.PathOf("reference"));

        foreach (var seed in s_killSeeds)
        {
            var delay = new Random(seed).Next(0, 1500);
            using (var build = LrrIndexProcess.Start("build", "--corpus", newCorpus, "--index", index, "--force"))
            {
                WaitForBuildFolder(files, build);
                Thread.Sleep(delay);
                build.Kill();
                build.WaitForExit();
            }

            // Killed between the two renames, the old index waits beside the target until the next build.
            var aside = Directory.GetDirectories(files.Root, ".index.replaced-*").Where(d => Directory.GetFiles(d, "segments_*").Length > 0).ToList();
            var where = Directory.Exists(index) ? index : aside.Single();
            var answers = Answers(where);
            Assert.That(answers, Is.EqualTo(oldAnswers).Or.EqualTo(newAnswers), $"seed {seed} (kill {delay} ms after the build folder appeared)");
            if (answers.SequenceEqual(newAnswers))
            {
                IndexBuilder.Build(oldCorpus, index, new IndexBuildOptions { Force = true });
            }
        }

        // The next build cleans what the kills left and succeeds.
        var final = Cli.Run("build", "--corpus", newCorpus, "--index", index, "--force");
        Assert.That(final.ExitCode, Is.EqualTo(0), final.Error);
        Assert.That(Answers(index), Is.EqualTo(newAnswers));
        Assert.That(Directory.GetDirectories(files.Root, ".index.*"), Is.Empty, final.Output);
    }

    [TestCase("TERM", 143)]
    [TestCase("INT", 130)]
    public void ASignalMidBuildDeletesTheUnfinishedFolderSaysSoAndKeepsTheOldIndex(string signal, int exitCode)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("POSIX signals");
        }

        using var files = new TempFiles();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("old.jsonl", Corpus("old", 50)), index);
        var oldAnswers = Answers(index);
        var newCorpus = files.Write("new.jsonl", Corpus("new", 20000));

        using var build = LrrIndexProcess.Start("build", "--corpus", newCorpus, "--index", index, "--force");
        Assert.That(WaitForBuildFolder(files, build), Is.True, "the build never started");
        build.Signal(signal);
        var (code, _, error) = build.WaitForExit();

        Assert.That(code, Is.EqualTo(exitCode), error);
        Assert.That(error, Does.StartWith("interrupted: the build was stopped; its unfinished folder").And.Contain($"the index at {index} is unchanged"));
        Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Directory.GetDirectories(files.Root, ".index.building-*"), Is.Empty);
        Assert.That(Answers(index), Is.EqualTo(oldAnswers));
    }

    [Test]
    public void ASecondBuildIntoTheSameIndexFailsAtOnceWithOneErrorLine()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        var corpus = files.Write("corpus.jsonl", Corpus("c", 8000));

        using var first = LrrIndexProcess.Start("build", "--corpus", corpus, "--index", index);
        Assert.That(WaitForBuildFolder(files, first), Is.True, "the first build never started");
        var clock = Stopwatch.StartNew();
        var second = Cli.Run("build", "--corpus", corpus, "--index", index);
        var secondTime = clock.Elapsed;
        var (firstCode, _, firstError) = first.WaitForExit();

        Assert.That(firstCode, Is.EqualTo(0), firstError);
        Assert.That(second.ExitCode, Is.EqualTo(1));
        Assert.That(second.Error.TrimEnd(), Is.EqualTo(
            $"error: another build into {index} is running (it holds {files.PathOf(".index.lock")}); wait for it to finish or choose another --index"));
        Assert.That(secondTime, Is.LessThan(TimeSpan.FromSeconds(5)), "fails at once, not at the end");
        Assert.That(Answers(index), Has.Count.GreaterThan(0));
    }
}
