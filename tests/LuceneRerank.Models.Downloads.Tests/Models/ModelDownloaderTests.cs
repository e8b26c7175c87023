using System.Security.Cryptography;
using System.Text;
using LuceneRerank.Downloads;
using LuceneRerank.Models;
using LuceneRerank.Testing;

namespace LuceneRerank.Models.Downloads.Tests.Models;

public sealed class ModelDownloaderTests
{
    private LocalHttpServer _server = null!;
    private HttpClient _http = null!;
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _server = new LocalHttpServer();
        _http = new HttpClient();
        _dir = TestPaths.NewTempDirectory();
        _server.AddFile("repo/onnx/model.onnx", Encoding.UTF8.GetBytes("onnx weights"));
        _server.AddFile("repo/config.json", Encoding.UTF8.GetBytes("{}"));
    }

    [TearDown]
    public void TearDown()
    {
        _http.Dispose();
        _server.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static string Sha(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    private static ModelManifest Manifest(string modelSha) => new()
    {
        SchemaVersion = 1,
        Name = "t",
        Kind = "cross-encoder",
        Source = new ModelSource { Repository = "t/t", Revision = "main" },
        Licence = "MIT",
        MaxLength = 8,
        ScoreMeaning = "s",
        ChecksumStatus = "unpinned: verify on first download",
        Files =
        [
            new ModelFileEntry { Path = "onnx/model.onnx", Sha256 = modelSha },
            new ModelFileEntry { Path = "config.json", Sha256 = null },
            new ModelFileEntry { Path = "tokenizer.json", Optional = true },
        ],
    };

    [Test]
    public async Task PullsVerifiesSkipsOptional404AndKeepsManifestCopy()
    {
        var downloader = new ModelDownloader(new HttpFileDownloader(_http));
        var results = await downloader.PullAsync(Manifest(Sha("onnx weights")), _dir, _server.Url("repo/"));

        Assert.That(results.Select(r => r.Outcome), Is.EqualTo(new[]
        {
            ModelFilePullOutcome.Downloaded, ModelFilePullOutcome.Downloaded, ModelFilePullOutcome.SkippedOptional,
        }));
        Assert.That(results[1].Pinned, Is.False);
        Assert.That(results[1].Sha256, Is.EqualTo(Sha("{}")));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "onnx", "model.onnx")), Is.EqualTo("onnx weights"));
        var copy = ModelManifestLoader.Load(Path.Combine(_dir, ModelDownloader.ManifestFileName));
        Assert.That(copy.Files[0].Sha256, Is.EqualTo(Sha("onnx weights")));

        var again = await downloader.PullAsync(Manifest(Sha("onnx weights")), _dir, _server.Url("repo/"));
        Assert.That(again.Take(2).Select(r => r.Outcome), Is.All.EqualTo(ModelFilePullOutcome.AlreadyPresent));
    }

    [Test]
    public async Task PresentFileWithWrongHashIsDownloadedAgain()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "onnx"));
        File.WriteAllText(Path.Combine(_dir, "onnx", "model.onnx"), "corrupted");

        var results = await new ModelDownloader(new HttpFileDownloader(_http)).PullAsync(
            Manifest(Sha("onnx weights")), _dir, _server.Url("repo/"));

        Assert.That(results[0].Outcome, Is.EqualTo(ModelFilePullOutcome.Downloaded));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "onnx", "model.onnx")), Is.EqualTo("onnx weights"));
    }

    [Test]
    public async Task WrongPinnedHashFailsAndLeavesNoFile()
    {
        var error = await Assert.ThrowsAsync<ChecksumMismatchException>(() => new ModelDownloader(new HttpFileDownloader(_http))
            .PullAsync(Manifest(Sha("something else")), _dir, _server.Url("repo/")));
        Assert.That(error!.Message, Does.Contain("model.onnx").And.Contain(Sha("something else")));
        Assert.That(File.Exists(Path.Combine(_dir, "onnx", "model.onnx")), Is.False);
        Assert.That(File.Exists(Path.Combine(_dir, ModelDownloader.ManifestFileName)), Is.False);
    }
}
