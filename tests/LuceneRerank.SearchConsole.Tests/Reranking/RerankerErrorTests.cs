using LuceneRerank.Onnx;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.SearchConsole.Tests.Reranking;

/// <summary>Bad kinds, stages, manifests and providers: each a clear message and a non-zero exit code.</summary>
public sealed class RerankerErrorTests
{
    private RerankerTestBed _bed = null!;

    [OneTimeSetUp]
    public void Build() => _bed = new RerankerTestBed();

    [OneTimeTearDown]
    public void Delete() => _bed.Dispose();

    [Test]
    public void An_unknown_kind_lists_the_known_ones()
    {
        var (console, _) = _bed.Search("--reranker", "splade", "--model", _bed.T5Oracle);

        Assert.That(console.ExitCode, Is.Not.EqualTo(0));
        Assert.That(console.Error, Does.Contain(
            "unknown reranker kind 'splade'; known kinds: cross-encoder, pointwise, query-likelihood, listwise, pairwise, monot5, rankt5, colbert"));
    }

    [TestCase("listwise", "expected KIND[@MANIFEST]:WINDOW:DIR")]
    [TestCase("listwise:20", "expected KIND[@MANIFEST]:WINDOW:DIR")]
    [TestCase("listwise:zero:/models/x", "the window 'zero' is not a positive integer")]
    [TestCase("listwise:0:/models/x", "the window '0' is not a positive integer")]
    [TestCase("listwise@:20:/models/x", "empty manifest after '@'")]
    [TestCase("bm42:20:/models/x", "unknown reranker kind 'bm42'")]
    public void A_malformed_stage_is_refused(string stage, string message)
    {
        var (console, _) = _bed.Search("--stage", stage);

        Assert.That(console.ExitCode, Is.Not.EqualTo(0));
        Assert.That(console.Error, Does.Contain(message));
    }

    [Test]
    public void Reranker_without_model_is_refused()
    {
        var (console, _) = _bed.Search("--reranker", "monot5");

        Assert.That(console.ExitCode, Is.Not.EqualTo(0));
        Assert.That(console.Error, Does.Contain("--reranker and --manifest need --model"));
    }

    [Test]
    public void A_missing_manifest_file_is_named()
    {
        var missing = Path.Combine(_bed.Corpus.Root, "no-such-manifest.json");

        var (console, _) = _bed.Search("--reranker", "monot5", "--model", _bed.T5Oracle, "--manifest", missing);

        Assert.That(console.ExitCode, Is.EqualTo(1));
        Assert.That(console.Error, Does.StartWith("error: "));
        Assert.That(console.Error, Does.Contain(missing));
        Assert.That(console.Error, Does.Contain("manifest file not found"));
    }

    [Test]
    public void An_unknown_manifest_name_lists_the_known_models()
    {
        var (console, _) = _bed.Search("--reranker", "monot5", "--model", _bed.T5Oracle, "--manifest", "no-such-model");

        Assert.That(console.ExitCode, Is.EqualTo(1));
        Assert.That(console.Error, Does.Contain("no model manifest named 'no-such-model'"));
        Assert.That(console.Error, Does.Contain("castorini/monot5-base-msmarco"));
    }

    [TestCase("pointwise", "monot5.json", "is of kind monot5, but the method pointwise needs a manifest of kind llm-pointwise")]
    [TestCase("rankt5", "monot5.json", "is of kind monot5, but the method rankt5 needs a manifest of kind rankt5")]
    [TestCase("cross-encoder", "listwise.json", "is of kind llm-listwise, but the method cross-encoder needs a manifest of kind cross-encoder")]
    public void A_manifest_of_another_kind_is_refused(string kind, string manifest, string message)
    {
        var path = Path.Combine(_bed.T5Oracle, manifest);

        var (console, _) = _bed.Search("--reranker", kind, "--model", _bed.T5Oracle, "--manifest", path);

        Assert.That(console.ExitCode, Is.EqualTo(1));
        Assert.That(console.Error, Does.StartWith("error: manifest '" + path + "'"));
        Assert.That(console.Error, Does.Contain(message));
    }

    [Test]
    public void Cuda_without_a_cuda_runtime_prints_the_providers_error_and_exits_1()
    {
        Assume.That(Environment.GetEnvironmentVariable(OnnxRuntimeOptions.CudaProviderLibraryEnvironmentVariable), Is.Null.Or.Empty,
            "a CUDA provider library is configured on this machine");

        var (console, _) = _bed.Search("--model", GeneratedModels.XenovaOneLabel, "--provider", "cuda");

        Assert.That(console.ExitCode, Is.EqualTo(1));
        Assert.That(console.Error, Does.StartWith(
            "error: CUDA was requested but this ONNX Runtime has no CUDA execution provider built in and no CUDA provider library is configured."));
        Assert.That(console.Error, Does.Contain("Microsoft.ML.OnnxRuntime.Gpu"));
        Assert.That(console.Error.Trim().Split('\n'), Has.Length.EqualTo(1), "one line, no stack trace");
    }

    [Test]
    public void Cuda_with_a_missing_provider_library_names_it()
    {
        var library = Path.Combine(_bed.Corpus.Root, "libonnxruntime_providers_cuda.so");

        var (console, _) = _bed.Search("--reranker", "monot5", "--model", _bed.T5Oracle, "--manifest", Path.Combine(_bed.T5Oracle, "monot5.json"),
            "--provider", "cuda", "--device-id", "1", "--cuda-ep-path", library);

        Assert.That(console.ExitCode, Is.EqualTo(1));
        Assert.That(console.Error, Does.Contain($"the CUDA provider library '{library}'"));
        Assert.That(console.Error, Does.Contain("does not exist"));
    }

    [Test]
    public void Score_with_cuda_prints_the_same_error()
    {
        Assume.That(Environment.GetEnvironmentVariable(OnnxRuntimeOptions.CudaProviderLibraryEnvironmentVariable), Is.Null.Or.Empty);
        var pairs = _bed.Corpus.Write("pairs.tsv", "q\tp");

        var console = Commands.ConsoleRun.Run("score", "--model", GeneratedModels.XenovaOneLabel, "--pairs", pairs, "--provider", "cuda");

        Assert.That(console.ExitCode, Is.EqualTo(1));
        Assert.That(console.Error, Does.StartWith("error: CUDA was requested"));
    }
}
