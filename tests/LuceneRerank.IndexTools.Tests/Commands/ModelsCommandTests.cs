using System.Security.Cryptography;
using System.Text;
using LuceneRerank.Testing;

namespace LuceneRerank.IndexTools.Tests.Commands;

public sealed class ModelsCommandTests
{
    private LocalHttpServer _server = null!;
    private string _work = null!;
    private string _manifests = null!;
    private string _modelDir = null!;
    private byte[] _weights = null!;

    [SetUp]
    public void SetUp()
    {
        _server = new LocalHttpServer();
        _work = TestPaths.NewTempDirectory();
        _manifests = Path.Combine(_work, "manifests");
        _modelDir = Path.Combine(_work, "model");
        Directory.CreateDirectory(_manifests);
        _weights = new byte[200_000];
        new Random(3).NextBytes(_weights);
        _server.AddFile("m/onnx/model.onnx", _weights);
        _server.AddFile("m/config.json", Encoding.UTF8.GetBytes("{\"hidden_size\": 8}"));
        File.WriteAllText(Path.Combine(_manifests, "tiny.json"), $$"""
            {
              "schemaVersion": 1,
              "name": "test/tiny",
              "aliases": ["tiny"],
              "kind": "cross-encoder",
              "source": { "repository": "test/tiny", "revision": "main" },
              "licence": "MIT",
              "maxLength": 64,
              "scoreMeaning": "raw logit",
              "checksumStatus": "unpinned: verify on first download",
              "files": [
                { "path": "onnx/model.onnx", "sha256": "{{Sha(_weights)}}", "size": {{_weights.Length}} },
                { "path": "config.json", "sha256": null },
                { "path": "tokenizer.json", "sha256": null, "optional": true }
              ]
            }
            """);
    }

    [TearDown]
    public void TearDown()
    {
        _server.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private static string Sha(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    private Task<(int ExitCode, string Output, string Error)> Pull(params string[] more) =>
        CommandRunner.RunAsync(["models", "pull", "tiny", "--to", _modelDir, "--base-url", _server.Url("m/").AbsoluteUri, "--manifests", _manifests, .. more]);

    [Test]
    public async Task PullDownloadsVerifiesAndSaysWhatIsUnverified()
    {
        var (code, output, error) = await Pull();

        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(File.ReadAllBytes(Path.Combine(_modelDir, "onnx", "model.onnx")), Is.EqualTo(_weights));
        Assert.That(output, Does.Contain($"onnx/model.onnx: verified sha256 {Sha(_weights)}"));
        Assert.That(output, Does.Contain("config.json: UNVERIFIED"));
        Assert.That(output, Does.Contain("tokenizer.json: not on the server (optional)"));
    }

    [Test]
    [NonParallelizable] // sets LUCENERERANK_MODEL_CACHE
    public async Task PullWithoutToDownloadsIntoTheModelCacheWhereRerankersOpenLooks()
    {
        var cache = Path.Combine(_work, "cache");
        var saved = Environment.GetEnvironmentVariable(ModelCache.EnvironmentVariable);
        Environment.SetEnvironmentVariable(ModelCache.EnvironmentVariable, cache);
        try
        {
            var (code, output, error) = await CommandRunner.RunAsync(
                "models", "pull", "tiny", "--base-url", _server.Url("m/").AbsoluteUri, "--manifests", _manifests);

            Assert.That(code, Is.EqualTo(0), error);
            Assert.That(output, Does.Contain($"into {Path.Combine(cache, "tiny")}"));
            Assert.That(File.ReadAllBytes(Path.Combine(cache, "tiny", "onnx", "model.onnx")), Is.EqualTo(_weights));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModelCache.EnvironmentVariable, saved);
        }
    }

    [Test]
    public async Task PullResumesAPartialFile()
    {
        Directory.CreateDirectory(Path.Combine(_modelDir, "onnx"));
        File.WriteAllBytes(Path.Combine(_modelDir, "onnx", "model.onnx.partial"), _weights.AsSpan(0, 70_000).ToArray());

        var (code, output, error) = await Pull();

        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("resumed").And.Contain("onnx/model.onnx"));
        Assert.That(_server.Requests.Select(r => r.Range), Does.Contain("bytes=70000-"));
        Assert.That(File.ReadAllBytes(Path.Combine(_modelDir, "onnx", "model.onnx")), Is.EqualTo(_weights));
    }

    [Test]
    public async Task PullWithWrongServedBytesFailsClearlyAndKeepsNothing()
    {
        _server.AddFile("m/onnx/model.onnx", new byte[_weights.Length]);

        var (code, _, error) = await Pull();

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("checksum mismatch").And.Contain("model.onnx").And.Contain(Sha(_weights)));
        Assert.That(File.Exists(Path.Combine(_modelDir, "onnx", "model.onnx")), Is.False);
        Assert.That(File.Exists(Path.Combine(_modelDir, "onnx", "model.onnx.partial")), Is.False);
    }

    [Test]
    public async Task PullOfARequiredFileThatIs404Fails()
    {
        var (code, _, error) = await CommandRunner.RunAsync(
            "models", "pull", "tiny", "--to", _modelDir, "--base-url", _server.Url("elsewhere/").AbsoluteUri, "--manifests", _manifests);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("HTTP 404").And.Contain("elsewhere/onnx/model.onnx"));
    }

    [Test]
    public async Task PullOfAnUnknownModelListsTheKnownOnes()
    {
        var (code, _, error) = await CommandRunner.RunAsync("models", "pull", "nope", "--to", _modelDir, "--manifests", _manifests);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("no model manifest named 'nope'").And.Contain("test/tiny"));
    }

    [Test]
    public async Task VerifyUsesThePulledManifestCopyAndNamesEachBadFile()
    {
        Assert.That((await Pull()).ExitCode, Is.EqualTo(0));
        var ok = await CommandRunner.RunAsync("models", "verify", _modelDir);
        Assert.That(ok.ExitCode, Is.EqualTo(0), ok.Error);
        Assert.That(ok.Output, Does.Contain("OK:").And.Contain("1 file(s) unverified"));

        File.WriteAllBytes(Path.Combine(_modelDir, "onnx", "model.onnx"), new byte[_weights.Length]);
        File.Delete(Path.Combine(_modelDir, "config.json"));
        var bad = await CommandRunner.RunAsync("models", "verify", _modelDir);

        Assert.That(bad.ExitCode, Is.EqualTo(1));
        Assert.That(bad.Error, Does.Contain("hashmismatch").And.Contain("onnx/model.onnx").And.Contain(Sha(_weights)));
        Assert.That(bad.Error, Does.Contain("missing").And.Contain("config.json"));
        Assert.That(bad.Error, Does.Contain("FAILED"));
    }

    [Test]
    public async Task VerifyAgainstTheShippedMiniLmManifestReportsEveryMissingFile()
    {
        Directory.CreateDirectory(_modelDir);
        var (code, _, error) = await CommandRunner.RunAsync("models", "verify", _modelDir, "--manifest", "ms-marco-MiniLM-L-6-v2");

        Assert.That(code, Is.EqualTo(1));
        foreach (var file in new[] { "onnx/model.onnx", "onnx/model_quantized.onnx", "tokenizer.json", "config.json" })
        {
            Assert.That(error, Does.Contain(file));
        }
    }

    [Test]
    public async Task VerifyWithoutManifestCopySaysHowToFixIt()
    {
        Directory.CreateDirectory(_modelDir);
        var (code, _, error) = await CommandRunner.RunAsync("models", "verify", _modelDir);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("lrr-model.json").And.Contain("--manifest"));
    }

    [Test]
    public async Task ListShowsTheShippedModels()
    {
        var (code, output, _) = await CommandRunner.RunAsync("models", "list");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("cross-encoder/ms-marco-MiniLM-L-6-v2").And.Contain("BAAI/bge-reranker-base"));
        Assert.That(output, Does.Contain("Qwen/Qwen3-Reranker-0.6B\tllm-pointwise").And.Contain("castorini/monot5-base-msmarco\tmonot5")
            .And.Contain("Soyoung97/RankT5-base\trankt5").And.Contain("\tllm-listwise").And.Contain("\tllm-pairwise").And.Contain("\tllm-query-likelihood"));
    }

    [Test]
    public async Task PullOfAShippedT5ManifestSkipsTheExportedGraphsAndKeepsThePrompt()
    {
        var spiece = new byte[5_000];
        new Random(5).NextBytes(spiece);
        _server.AddFile("t5/spiece.model", spiece);
        _server.AddFile("t5/config.json", Encoding.UTF8.GetBytes("{\"d_model\": 8}"));
        _server.AddFile("t5/tokenizer_config.json", Encoding.UTF8.GetBytes("{}"));
        var shipped = Path.Combine(TestPaths.RepositoryRoot, "models");

        var (code, output, error) = await CommandRunner.RunAsync(
            ["models", "pull", "monot5", "--to", _modelDir, "--base-url", _server.Url("t5/").AbsoluteUri, "--manifests", shipped]);

        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(File.ReadAllBytes(Path.Combine(_modelDir, "spiece.model")), Is.EqualTo(spiece));
        Assert.That(output, Does.Contain("encoder_model.onnx: not on the server (optional)"));
        var copy = LuceneRerank.Models.ModelManifestLoader.Load(Path.Combine(_modelDir, "lrr-model.json"));
        Assert.That(copy.Kind, Is.EqualTo("monot5"));
        Assert.That(copy.Prompt!.Template, Is.EqualTo("Query: {query} Document: {document} Relevant:"));
        Assert.That(copy.Prompt.Labels!["positive"], Is.EqualTo("true"));
    }
}
