using System.IO.Compression;
using LuceneRerank.Testing;
using LuceneRerank.Toolkit.Datasets;

namespace LuceneRerank.Toolkit.Tests.Datasets;

public sealed class SafeZipExtractorTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempDirectory();

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Zip(params string[] entries)
    {
        var path = Path.Combine(_dir, $"test-{Guid.NewGuid():N}.zip");
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var entry in entries)
        {
            using var writer = new StreamWriter(archive.CreateEntry(entry).Open());
            writer.Write(entry);
        }

        return path;
    }

    [TestCase("data/../../escaped.txt")]
    [TestCase("../escaped.txt")]
    [TestCase("/tmp/escaped-absolute.txt")]
    public void EscapingEntryIsRejectedBeforeAnythingIsWritten(string evil)
    {
        var zip = Zip("data/fine.txt", evil);
        var target = Path.Combine(_dir, "out");

        var error = Assert.Throws<InvalidDataException>(() => SafeZipExtractor.Extract(zip, target, overwrite: false));

        Assert.That(error!.Message, Does.Contain(evil).And.Contain("zip slip"));
        Assert.That(Directory.EnumerateFileSystemEntries(target), Is.Empty, "nothing extracted, no staging folder left");
        Assert.That(File.Exists(Path.Combine(_dir, "escaped.txt")), Is.False);
    }

    [Test]
    public void ExtractsTopLevelFoldersAndRefusesToReplaceThemWithoutOverwrite()
    {
        var target = Path.Combine(_dir, "out");
        var created = SafeZipExtractor.Extract(Zip("ds/corpus.jsonl", "ds/qrels/test.tsv", "readme.txt"), target, overwrite: false);

        Assert.That(created, Is.EquivalentTo(new[] { "ds", "readme.txt" }));
        Assert.That(File.ReadAllText(Path.Combine(target, "ds", "qrels", "test.tsv")), Is.EqualTo("ds/qrels/test.tsv"));

        var error = Assert.Throws<IOException>(() => SafeZipExtractor.Extract(Zip("aaa/new.txt", "ds/other.txt"), target, overwrite: false));
        Assert.That(error!.Message, Does.Contain("already exists"));
        Assert.That(Directory.Exists(Path.Combine(target, "aaa")), Is.False, "nothing moved when any name conflicts");
        Assert.That(File.Exists(Path.Combine(target, "ds", "corpus.jsonl")), Is.True, "the existing folder is untouched");

        SafeZipExtractor.Extract(Zip("ds/other.txt"), target, overwrite: true);
        Assert.That(Directory.GetFiles(Path.Combine(target, "ds")).Select(Path.GetFileName), Is.EqualTo(new[] { "other.txt" }));
    }
}
