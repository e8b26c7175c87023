using System.Security.Cryptography;
using System.Text;
using LuceneRerank.Models;
using LuceneRerank.Testing;

namespace LuceneRerank.Models.Downloads.Tests.Models;

public sealed class ModelDirectoryVerifierTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempDirectory();

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static string Sha(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    private static ModelManifest Manifest(params ModelFileEntry[] files) => new()
    {
        SchemaVersion = 1,
        Name = "t",
        Kind = "cross-encoder",
        Source = new ModelSource { Repository = "t/t", Revision = "main" },
        Licence = "MIT",
        MaxLength = 8,
        ScoreMeaning = "s",
        Files = files,
    };

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Test]
    public async Task ReportsEachFileByNameAndStatus()
    {
        Write("onnx/model.onnx", "weights");
        Write("config.json", "tampered");
        Write("tokenizer.json", "tok");
        var manifest = Manifest(
            new ModelFileEntry { Path = "onnx/model.onnx", Sha256 = Sha("weights") },
            new ModelFileEntry { Path = "config.json", Sha256 = Sha("original") },
            new ModelFileEntry { Path = "vocab.txt", Sha256 = Sha("vocab") },
            new ModelFileEntry { Path = "tokenizer.json", Sha256 = null },
            new ModelFileEntry { Path = "extra.bin", Optional = true },
            new ModelFileEntry { Path = "sized.bin", Sha256 = null, Size = 99 });
        Write("sized.bin", "short");

        var report = await ModelDirectoryVerifier.VerifyAsync(manifest, _dir);

        Assert.That(report.Files.Select(f => f.Status), Is.EqualTo(new[]
        {
            FileVerificationStatus.Ok, FileVerificationStatus.HashMismatch, FileVerificationStatus.Missing,
            FileVerificationStatus.Unpinned, FileVerificationStatus.OptionalMissing, FileVerificationStatus.SizeMismatch,
        }));
        Assert.That(report.IsValid, Is.False);
        var problems = report.Problems.ToList();
        Assert.That(problems, Has.Count.EqualTo(3));
        Assert.That(problems[0], Does.Contain("config.json").And.Contain(Sha("tampered")).And.Contain(Sha("original")));
        Assert.That(problems[1], Does.Contain("vocab.txt").And.Contain("missing"));
        Assert.That(problems[2], Does.Contain("sized.bin").And.Contain("99"));
        Assert.That(report.Files[3].Detail, Does.Contain("unverified").And.Contain(Sha("tok")));
    }

    [Test]
    public async Task AllGoodIsValid()
    {
        Write("a.txt", "a");
        var report = await ModelDirectoryVerifier.VerifyAsync(
            Manifest(new ModelFileEntry { Path = "a.txt", Sha256 = Sha("a"), Size = 1 }), _dir);
        Assert.That(report.IsValid, Is.True);
    }

    [Test]
    public async Task MissingDirectoryIsNamed()
    {
        var missing = Path.Combine(_dir, "nope");
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            ModelDirectoryVerifier.VerifyAsync(Manifest(new ModelFileEntry { Path = "a" }), missing));
        Assert.That(error!.Message, Does.Contain(missing));
    }
}
