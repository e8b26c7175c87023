using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using LuceneRerank.Testing;

namespace LuceneRerank.IndexTools.Tests.Commands;

public sealed class DatasetsCommandTests
{
    private LocalHttpServer _server = null!;
    private string _work = null!;
    private string _to = null!;

    [SetUp]
    public void SetUp()
    {
        _server = new LocalHttpServer();
        _work = TestPaths.NewTempDirectory();
        _to = Path.Combine(_work, "data");
    }

    [TearDown]
    public void TearDown()
    {
        _server.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var memory = new MemoryStream();
        using (var archive = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open(), Encoding.UTF8);
                writer.Write(text);
            }
        }

        return memory.ToArray();
    }

    private static string Md5(byte[] bytes) => Convert.ToHexString(MD5.HashData(bytes)).ToLowerInvariant();

    private static byte[] SciFactLikeZip() => Zip(
        ("scifact/corpus.jsonl", "{\"_id\": \"1\", \"title\": \"t\", \"text\": \"x\"}\n"),
        ("scifact/queries.jsonl", "{\"_id\": \"q1\", \"text\": \"q\"}\n"),
        ("scifact/qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\t1\t1\n"));

    private Task<(int ExitCode, string Output, string Error)> Pull(string name, params string[] more) =>
        CommandRunner.RunAsync(["datasets", "pull", name, "--to", _to, "--base-url", _server.BaseUrl.AbsoluteUri, .. more]);

    [Test]
    public async Task PullVerifiesMd5AndUnpacks()
    {
        var zip = SciFactLikeZip();
        _server.AddFile("scifact.zip", zip);

        var (code, output, error) = await Pull("scifact", "--md5", Md5(zip));

        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain($"MD5 {Md5(zip)} verified"));
        Assert.That(File.ReadAllText(Path.Combine(_to, "scifact", "qrels", "test.tsv")), Does.StartWith("query-id"));
        Assert.That(Directory.GetDirectories(_to).Select(Path.GetFileName), Is.EqualTo(new[] { "scifact" }), "no staging folder left");
    }

    [Test]
    public async Task ZipWithoutTheDatasetFolderIsRefusedBeforeUnpacking()
    {
        var zip = Zip(("other/corpus.jsonl", "{}\n"));
        _server.AddFile("scifact.zip", zip);

        var (code, _, error) = await Pull("scifact", "--md5", Md5(zip));

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("scifact.zip holds no 'scifact/' folder").And.Contain("other"));
        Assert.That(Directory.GetDirectories(_to), Is.Empty);
    }

    [Test]
    public async Task PublishedMd5IsCheckedByDefaultAndAMismatchKeepsNothing()
    {
        _server.AddFile("scifact.zip", SciFactLikeZip());  // not the real BEIR zip, so the published MD5 cannot match

        var (code, _, error) = await Pull("scifact");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("checksum mismatch").And.Contain("5f7d1de60b170fc8027bb7898e2efca1"));
        Assert.That(File.Exists(Path.Combine(_to, "scifact.zip")), Is.False);
        Assert.That(File.Exists(Path.Combine(_to, "scifact.zip.partial")), Is.False);
        Assert.That(Directory.Exists(Path.Combine(_to, "scifact")), Is.False);
    }

    [Test]
    public async Task DatasetWithoutKnownChecksumSaysUnverified()
    {
        _server.AddFile("mydata.zip", Zip(("mydata/corpus.jsonl", "{}\n")));

        var (code, output, error) = await Pull("mydata");

        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("UNVERIFIED"));
        Assert.That(File.Exists(Path.Combine(_to, "mydata", "corpus.jsonl")), Is.True);
    }

    [Test]
    public async Task ZipSlipEntryIsRejectedAndNothingIsWritten()
    {
        var zip = Zip(("evil/ok.txt", "fine"), ("../escaped.txt", "bad"));
        _server.AddFile("evil.zip", zip);

        var (code, _, error) = await Pull("evil", "--md5", Md5(zip));

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("zip slip").And.Contain("../escaped.txt"));
        Assert.That(File.Exists(Path.Combine(_work, "escaped.txt")), Is.False);
        Assert.That(Directory.Exists(Path.Combine(_to, "evil")), Is.False);
    }

    [Test]
    public async Task ResumesAPartialZip()
    {
        var zip = SciFactLikeZip();
        _server.AddFile("scifact.zip", zip);
        Directory.CreateDirectory(_to);
        File.WriteAllBytes(Path.Combine(_to, "scifact.zip.partial"), zip.AsSpan(0, zip.Length / 2).ToArray());

        var (code, _, error) = await Pull("scifact", "--md5", Md5(zip));

        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(_server.Requests.Single().Range, Is.EqualTo($"bytes={zip.Length / 2}-"));
        Assert.That(File.Exists(Path.Combine(_to, "scifact", "corpus.jsonl")), Is.True);
    }

    [Test]
    public async Task ExistingDatasetIsNotReplacedWithoutForce()
    {
        var zip = SciFactLikeZip();
        _server.AddFile("scifact.zip", zip);
        Directory.CreateDirectory(Path.Combine(_to, "scifact"));
        File.WriteAllText(Path.Combine(_to, "scifact", "mine.txt"), "keep");

        var (code, _, error) = await Pull("scifact", "--md5", Md5(zip));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("already exists").And.Contain("--force"));
        Assert.That(_server.Requests, Is.Empty, "refused before downloading");

        var forced = await Pull("scifact", "--md5", Md5(zip), "--force");
        Assert.That(forced.ExitCode, Is.EqualTo(0), forced.Error);
        Assert.That(File.Exists(Path.Combine(_to, "scifact", "mine.txt")), Is.False);
        Assert.That(File.Exists(Path.Combine(_to, "scifact", "corpus.jsonl")), Is.True);
    }

    [Test]
    public async Task NotFoundIsReported()
    {
        var (code, _, error) = await Pull("fiqa");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("HTTP 404").And.Contain("fiqa.zip"));
    }

    [Test]
    public async Task BadNameIsRefused()
    {
        var (code, _, error) = await Pull("../etc");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("not a dataset name"));
    }
}
