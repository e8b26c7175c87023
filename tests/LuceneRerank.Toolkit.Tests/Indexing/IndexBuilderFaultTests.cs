using LuceneRerank.Toolkit.Indexing;
using LuceneRerank.Toolkit.Search;
using LuceneRerank.Testing;

namespace LuceneRerank.Toolkit.Tests.Indexing;

/// <summary>
/// A failing disk: an <see cref="IOException"/> injected at every step of a forced rebuild in turn (lock, folders,
/// each file Lucene writes, sync, the two renames, the clean-up). Whatever step fails, the old index answers a fixed
/// set of queries exactly as before, no unfinished build folder stays, and the error names the target.
/// </summary>
public sealed class IndexBuilderFaultTests
{
    private static readonly string[] s_queries = ["cells energy", "lava", "document", "title body"];

    private static string[] Corpus(string prefix, int count) => Enumerable.Range(0, count)
        .Select(i => $$"""{"_id": "{{prefix}}{{i}}", "title": "Title {{i}}", "text": "Body of {{prefix}} document {{i}} about cells{{(i % 3 == 0 ? " and lava energy" : "")}}."}""")
        .ToArray();

    private static List<string> Answers(string index)
    {
        using var searcher = new Bm25Searcher(index);
        var pipeline = new SearchPipeline(searcher);
        return s_queries.SelectMany(q => pipeline.Search(q, 10).Hits.Select(h => $"{q}|{h.DocumentId}|{h.Score:R}")).ToList();
    }

    [Test]
    public void AnIOExceptionAtAnyStepLeavesTheOldIndexAnsweringIdentically()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("old.jsonl", Corpus("old", 12)), index);
        var before = Answers(index);
        var newCorpus = files.Write("new.jsonl", Corpus("new", 7));
        var clean = new FailingIndexFileSystem(0);
        IndexBuilder.Build(newCorpus, files.PathOf("probe"), new IndexBuildOptions { FileSystem = clean });
        Assert.That(clean.Steps, Is.GreaterThan(8), string.Join(", ", clean.StepNames));

        var failures = 0;
        for (var step = 1; step <= clean.Steps + 6; step++)
        {
            var fileSystem = new FailingIndexFileSystem(step);
            try
            {
                IndexBuilder.Build(newCorpus, index, new IndexBuildOptions { Force = true, FileSystem = fileSystem });
                // The failure hit a best-effort step (deleting the old copy): the new index is in place.
                Assert.That(Answers(index), Has.All.Contain("|new"), $"step {step}: {string.Join(", ", fileSystem.StepNames)}");
                IndexBuilder.Build(files.Write("old.jsonl", Corpus("old", 12)), index, new IndexBuildOptions { Force = true });
            }
            catch (IOException e)
            {
                failures++;
                Assert.That(e.Message, Does.Contain("injected").And.Contain(index), $"step {step}");
                Assert.That(Answers(index), Is.EqualTo(before), $"step {step} ({fileSystem.StepNames[^1]}): the old index changed");
            }

            Assert.That(Directory.GetDirectories(files.Root, ".index.building-*"), Is.Empty, $"step {step}: unfinished build folder left");
        }

        Assert.That(failures, Is.GreaterThan(clean.Steps - 3), "most steps must be able to fail the build");
    }

    [Test]
    public void AFullDiskErrorNamesTheTargetAndKeepsItsErrorCode()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");

        var error = Assert.Throws<IOException>(() => IndexBuilder.Build(files.Write("c.jsonl", Corpus("c", 3)), index,
            new IndexBuildOptions { FileSystem = new FailingIndexFileSystem(5) }))!;

        Assert.That(error.Message, Does.Contain("No space left on device").And.Contain($"nothing was created at {index}"));
        Assert.That(Toolkit.CommandLine.ErrorReporter.IsDiskFull(error), Is.True);
        Assert.That(Directory.Exists(index), Is.False);
    }
}
