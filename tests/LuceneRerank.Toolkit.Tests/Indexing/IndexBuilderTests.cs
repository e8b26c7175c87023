using LuceneRerank.Toolkit.Corpora;
using LuceneRerank.Toolkit.Indexing;
using LuceneRerank.Toolkit.Search;
using LuceneRerank.Testing;

namespace LuceneRerank.Toolkit.Tests.Indexing;

public sealed class IndexBuilderTests
{
    private static string[] Corpus(params string[] ids) =>
        ids.Select(id => $$"""{"_id": "{{id}}", "title": "Title {{id}}", "text": "Body of document {{id}} about cells."}""").ToArray();

    private static List<string> IdsIn(string index)
    {
        using var searcher = new Bm25Searcher(index);
        return Enumerable.Range(0, searcher.Reader.MaxDoc).Select(searcher.GetDocumentId).Order().ToList();
    }

    [Test]
    public void StoresIdTitleTextAndIndexesContentsTitleAndText()
    {
        using var files = new TempFiles();
        var corpus = files.Write("c.jsonl", """{"_id": "d1", "title": "Zebra stripes", "text": "Horses run fast."}""");
        var index = files.PathOf("index");

        var result = IndexBuilder.Build(corpus, index);

        Assert.That(result.Documents, Is.EqualTo(1));
        Assert.That(result.SizeBytes, Is.GreaterThan(0));
        using var searcher = new Bm25Searcher(index);
        Assert.That(searcher.GetDocument(0), Is.EqualTo(new CorpusDocument("d1", "Zebra stripes", "Horses run fast.")));
        var stats = IndexStatisticsReader.Read(index);
        Assert.That(stats.Documents, Is.EqualTo(1));
        var fields = stats.Fields.ToDictionary(f => f.Name);
        // "zebra strip hors run fast" (stemmed): 5 terms in contents, 2 in title, 3 in text.
        Assert.That(fields[IndexFieldNames.Contents].UniqueTerms, Is.EqualTo(5));
        Assert.That(fields[IndexFieldNames.Title].UniqueTerms, Is.EqualTo(2));
        Assert.That(fields[IndexFieldNames.Text].UniqueTerms, Is.EqualTo(3));
        Assert.That(stats.CommitData["lrr.analyzer"], Is.EqualTo(EnglishAnalyzerFactory.Name));
    }

    [Test]
    public void RefusesToOverwriteAnExistingIndexWithoutForce()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("a.jsonl", Corpus("a", "b")), index);

        var e = Assert.Throws<IndexAlreadyExistsException>(() => IndexBuilder.Build(files.Write("c.jsonl", Corpus("c")), index))!;

        Assert.That(e.Message, Does.Contain("--force"));
        Assert.That(IdsIn(index), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void ForceReplacesTheIndexAndLeavesNoTemporaryDirectory()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("a.jsonl", Corpus("a", "b")), index);

        var result = IndexBuilder.Build(files.Write("c.jsonl", Corpus("c")), index, new IndexBuildOptions { Force = true });

        Assert.That(result.ReplacedExisting, Is.True);
        Assert.That(IdsIn(index), Is.EqualTo(new[] { "c" }));
        Assert.That(Directory.GetDirectories(files.Root), Is.EqualTo(new[] { index }));
    }

    [Test]
    public void BuildThatFailsMidwayLeavesTheOldIndexIntact()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("a.jsonl", Corpus("a", "b")), index);
        var broken = files.Write("broken.jsonl", [.. Corpus("x", "y"), "{broken", .. Corpus("z")]);

        var e = Assert.Throws<CorpusFormatException>(() => IndexBuilder.Build(broken, index, new IndexBuildOptions { Force = true }))!;

        Assert.That(e.LineNumber, Is.EqualTo(3));
        Assert.That(IdsIn(index), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(Directory.GetDirectories(files.Root), Is.EqualTo(new[] { index }), "the temporary build directory is removed");
    }

    [Test]
    public void FailedFirstBuildLeavesNothingAtTheTarget()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");

        Assert.Throws<CorpusFormatException>(() => IndexBuilder.Build(files.Write("b.jsonl", [.. Corpus("x"), "{broken"]), index));

        Assert.That(Directory.GetDirectories(files.Root), Is.Empty);
    }

    [Test]
    public void CancelledBuildLeavesTheOldIndexIntact()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("a.jsonl", Corpus("a")), index);
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress<IndexBuildProgress>(p =>
        {
            if (p.Documents >= 2)
            {
                cancellation.Cancel();
            }
        });
        var many = files.Write("many.jsonl", Corpus(Enumerable.Range(0, 50).Select(i => "n" + i).ToArray()));

        Assert.Catch<OperationCanceledException>(() => IndexBuilder.Build(many, index,
            new IndexBuildOptions { Force = true, ProgressInterval = TimeSpan.Zero }, progress, cancellation.Token));

        Assert.That(IdsIn(index), Is.EqualTo(new[] { "a" }));
        Assert.That(Directory.GetDirectories(files.Root), Is.EqualTo(new[] { index }));
    }

    [Test]
    public void SkipBadCountsSkippedLines()
    {
        using var files = new TempFiles();
        var corpus = files.Write("c.jsonl", [.. Corpus("a"), "{bad", """{"text": "no id"}""", .. Corpus("a", "b")]);

        var result = IndexBuilder.Build(corpus, files.PathOf("index"), new IndexBuildOptions { SkipBadLines = true });

        Assert.That(result.Documents, Is.EqualTo(2));
        Assert.That(result.SkippedLines, Is.EqualTo(3));
        Assert.That(result.Problems.Select(p => p.LineNumber), Is.EqualTo(new long[] { 2, 3, 4 }));
    }

    [Test]
    public void NeverReplacesADirectoryThatIsNotAnIndexEvenWithForce()
    {
        using var files = new TempFiles();
        var target = files.PathOf("precious");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "notes.txt"), "keep me");

        Assert.Throws<IndexAlreadyExistsException>(() =>
            IndexBuilder.Build(files.Write("c.jsonl", Corpus("a")), target, new IndexBuildOptions { Force = true }));

        Assert.That(File.ReadAllText(Path.Combine(target, "notes.txt")), Is.EqualTo("keep me"));
    }

    [Test]
    public void BuildsIntoAnExistingEmptyDirectory()
    {
        using var files = new TempFiles();
        var target = files.PathOf("empty");
        Directory.CreateDirectory(target);

        IndexBuilder.Build(files.Write("c.jsonl", Corpus("a")), target);

        Assert.That(IdsIn(target), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void ReportsProgressEndingWithCompleted()
    {
        using var files = new TempFiles();
        var reports = new List<IndexBuildProgress>();

        IndexBuilder.Build(files.Write("c.jsonl", Corpus("a", "b", "c")), files.PathOf("index"),
            new IndexBuildOptions { ProgressInterval = TimeSpan.Zero }, new SynchronousProgress<IndexBuildProgress>(reports.Add));

        Assert.That(reports.Last().Stage, Is.EqualTo(IndexBuildStage.Completed));
        Assert.That(reports.Last().Documents, Is.EqualTo(3));
        Assert.That(reports.Last().Fraction, Is.EqualTo(1.0));
        Assert.That(reports.Select(r => r.Documents), Is.Ordered);
    }

    // A process killed between the two renames of a replace leaves the old index at ".index.replaced-*" and nothing
    // at the target: the next build must move it back before deciding anything.
    [Test]
    public void OldIndexLeftAsideByAnInterruptedReplaceIsRestoredByTheNextBuild()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("a.jsonl", Corpus("a", "b")), index);
        var aside = files.PathOf(".index.replaced-0123");
        Directory.Move(index, aside);

        var e = Assert.Throws<IndexAlreadyExistsException>(() => IndexBuilder.Build(files.Write("c.jsonl", Corpus("c")), index))!;

        Assert.That(e.Message, Does.Contain("--force").And.Contain("restored").And.Contain(aside));
        Assert.That(IdsIn(index), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(Directory.GetDirectories(files.Root), Is.EqualTo(new[] { index }));
    }

    [Test]
    public void ForcedBuildAfterAnInterruptedReplaceRestoresThenReplacesAndSaysSo()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("a.jsonl", Corpus("a")), index);
        var aside = files.PathOf(".index.replaced-0123");
        Directory.Move(index, aside);

        var result = IndexBuilder.Build(files.Write("c.jsonl", Corpus("c")), index, new IndexBuildOptions { Force = true });

        Assert.That(result.ReplacedExisting, Is.True);
        Assert.That(result.Notes, Has.One.Contain("restored").And.Contain(aside));
        Assert.That(IdsIn(index), Is.EqualTo(new[] { "c" }));
        Assert.That(Directory.GetDirectories(files.Root), Is.EqualTo(new[] { index }));
    }

    [Test]
    public void StaleBackupAndLeftoverBuildFolderAreDeletedUnderTheLock()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("a.jsonl", Corpus("a")), index);
        var stale = files.PathOf(".index.replaced-0123");
        IndexBuilder.Build(files.Write("s.jsonl", Corpus("s")), stale);
        var building = Directory.CreateDirectory(files.PathOf(".index.building-0456")).FullName;

        var result = IndexBuilder.Build(files.Write("c.jsonl", Corpus("c")), index, new IndexBuildOptions { Force = true });

        Assert.That(IdsIn(index), Is.EqualTo(new[] { "c" }));
        Assert.That(Directory.Exists(stale), Is.False);
        Assert.That(Directory.Exists(building), Is.False, "the build lock guarantees no other build uses it");
        Assert.That(result.Notes, Has.Some.Contain("deleted " + stale));
        Assert.That(result.Notes, Has.Some.Contain("deleted " + building));
    }

    [Test]
    public void OpeningAMissingIndexNamesTheOldIndexAnInterruptedReplaceLeftAside()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("a.jsonl", Corpus("a")), index);
        var aside = files.PathOf(".index.replaced-0123");
        Directory.Move(index, aside);

        var e = Assert.Throws<DirectoryNotFoundException>(() => IndexOpener.OpenDirectory(index))!;

        Assert.That(e.Message, Does.Contain(index + " does not exist").And.Contain(aside));
    }

    [Test]
    public void ABuildWhileAnotherHoldsTheLockFailsAtOnceAndTouchesNothing()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("a.jsonl", Corpus("a")), index);
        using var held = new FileStream(IndexBuilder.LockPath(index), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var error = Assert.Throws<IndexBuildLockedException>(() =>
            IndexBuilder.Build(files.Write("b.jsonl", Corpus("b")), index, new IndexBuildOptions { Force = true }))!;

        Assert.That(error.Message, Is.EqualTo($"another build into {index} is running (it holds {files.PathOf(".index.lock")}); wait for it to finish or choose another --index"));
        Assert.That(IdsIn(index), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void CancellationSaysWhichFolderWasDeletedAndThatTheIndexIsUnchanged()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("a.jsonl", Corpus("a")), index);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var error = Assert.Throws<Toolkit.CommandLine.CommandInterruptedException>(() =>
            IndexBuilder.Build(files.Write("b.jsonl", Corpus("b")), index, new IndexBuildOptions { Force = true }, null, cancellation.Token))!;

        Assert.That(error.Message, Does.Match($@"^the build was stopped; its unfinished folder .*\.index\.building-[0-9a-f]+ was deleted and the index at {System.Text.RegularExpressions.Regex.Escape(index)} is unchanged$"));
        Assert.That(Directory.GetDirectories(files.Root, ".index.building-*"), Is.Empty);
        Assert.That(IdsIn(index), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void ATrailingSeparatorAndASymlinkResolveToTheRealFolder()
    {
        using var files = new TempFiles();
        var real = Directory.CreateDirectory(files.PathOf("real")).FullName;
        var link = files.PathOf("link");
        Directory.CreateSymbolicLink(link, real);

        Assert.That(IndexBuilder.ResolveTarget(real + Path.DirectorySeparatorChar), Is.EqualTo(real));
        Assert.That(IndexBuilder.ResolveTarget(link + Path.DirectorySeparatorChar), Is.EqualTo(real));
        Assert.That(IndexBuilder.ResolveTarget(files.PathOf("absent") + Path.DirectorySeparatorChar), Is.EqualTo(files.PathOf("absent")));
    }

    [Test]
    public void AnEmptyCorpusIsRefusedUnlessAllowed()
    {
        using var files = new TempFiles();
        var empty = files.Write("empty.jsonl", "", "  ");

        var refused = Assert.Throws<CorpusFormatException>(() => IndexBuilder.Build(empty, files.PathOf("a")))!;
        var allowed = IndexBuilder.Build(empty, files.PathOf("b"), new IndexBuildOptions { AllowEmpty = true });

        Assert.That(refused.Message, Does.Contain("no documents to index").And.Contain("nothing was built").And.Contain("--allow-empty"));
        Assert.That(Directory.Exists(files.PathOf("a")), Is.False);
        Assert.That(allowed.Documents, Is.EqualTo(0));
        Assert.That(IdsIn(files.PathOf("b")), Is.Empty);
    }
}
