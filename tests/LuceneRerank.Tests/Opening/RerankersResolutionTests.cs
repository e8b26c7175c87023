using LuceneRerank.Models;
using LuceneRerank.Reranking;
using LuceneRerank.Testing;
using LuceneRerank.Tests.Reranking.Llm;
using LuceneRerank.Tests.Reranking.T5;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Opening;

/// <summary>How <see cref="Rerankers.Open"/> reads its argument: a folder, a manifest file, a manifest name; and its errors.</summary>
[NonParallelizable] // sets LUCENERERANK_MODEL_CACHE and LUCENERERANK_MODELS_DIR
public sealed class RerankersResolutionTests
{
    private readonly List<string> _folders = [];

    [TearDown]
    public void DeleteFolders() => _folders.ForEach(OpenTestModels.Delete);

    [TestCase("ms-marco-MiniLM-L-6-v2")]
    [TestCase("cross-encoder/ms-marco-MiniLM-L-6-v2")]
    [TestCase("MS-MARCO-MINILM-L-6-V2")]
    public void A_manifest_name_or_alias_opens_the_weights_in_the_model_cache(string name)
    {
        var cache = Track(TestPaths.NewTempDirectory());
        var weights = Path.Combine(cache, "ms-marco-MiniLM-L-6-v2");
        CopyInto(GeneratedModels.XenovaOneLabel, weights);
        using var _ = new EnvironmentVariableScope(ModelCache.EnvironmentVariable, cache);

        using var opened = Rerankers.Open(name);

        Assert.That(opened.ModelDirectory, Is.EqualTo(weights));
        Assert.That(opened.Method, Is.EqualTo(RerankMethod.CrossEncoder));
        Assert.That(opened.Manifest!.Name, Is.EqualTo("cross-encoder/ms-marco-MiniLM-L-6-v2"));
        Assert.That(opened.Description.Name, Is.EqualTo("cross-encoder/ms-marco-MiniLM-L-6-v2"));
    }

    [Test]
    public void A_manifest_name_opens_the_weights_in_ModelDirectory()
    {
        using var opened = Rerankers.Open("ms-marco-TinyBERT-L-2-v2", new RerankerOpenOptions { ModelDirectory = GeneratedModels.VocabTwoLabels });

        Assert.That(opened.ModelDirectory, Is.EqualTo(Path.GetFullPath(GeneratedModels.VocabTwoLabels)));
        Assert.That(opened.Manifest!.Name, Is.EqualTo("cross-encoder/ms-marco-TinyBERT-L-2-v2"));
    }

    [Test]
    public void Missing_weights_of_a_name_say_how_to_get_them()
    {
        var cache = Track(TestPaths.NewTempDirectory());
        using var _ = new EnvironmentVariableScope(ModelCache.EnvironmentVariable, cache);

        var error = Assert.Throws<DirectoryNotFoundException>(() => Rerankers.Open("qwen3-reranker-0.6b"));

        var folder = Path.Combine(cache, "qwen3-reranker-0.6b");
        Assert.That(error!.Message, Does.Contain($"the files of model 'Qwen/Qwen3-Reranker-0.6B' are not in {folder}"));
        Assert.That(error.Message, Does.Contain($"'lrr-index models pull qwen3-reranker-0.6b --to {folder}'"));
        Assert.That(error.Message, Does.Contain("RerankerOpenOptions.ModelDirectory"));
    }

    [Test]
    public void A_manifest_file_without_model_files_beside_it_looks_in_the_cache_and_says_how_to_pull()
    {
        var cache = Track(TestPaths.NewTempDirectory());
        var manifests = Track(TestPaths.NewTempDirectory());
        var path = Path.Combine(manifests, "my-reranker.json");
        File.Copy(OpenTestModels.RepositoryManifest("ms-marco-MiniLM-L-6-v2.json"), path);
        using var _ = new EnvironmentVariableScope(ModelCache.EnvironmentVariable, cache);

        var error = Assert.Throws<DirectoryNotFoundException>(() => Rerankers.Open(path));

        Assert.That(error!.Message, Does.Contain($"'lrr-index models pull {path} --to {Path.Combine(cache, "ms-marco-MiniLM-L-6-v2")}'"));
    }

    [Test]
    public void A_manifest_file_with_ModelDirectory_opens_that_folder()
    {
        var folder = Track(OpenTestModels.T5Folder(T5TestModels.Tiny));

        using var opened = Rerankers.Open(Path.Combine(folder, "rankt5.json"), new RerankerOpenOptions { ModelDirectory = folder });

        Assert.That(opened.Method, Is.EqualTo(RerankMethod.RankT5));
    }

    [Test]
    public void A_missing_manifest_file_is_named()
    {
        var missing = Path.Combine(TestPaths.NewTempDirectory(), "no-such.json");

        var error = Assert.Throws<ModelManifestException>(() => Rerankers.Open(missing));

        Assert.That(error!.Message, Does.Contain(missing).And.Contain("manifest file not found"));
    }

    [Test]
    public void An_unknown_name_lists_the_known_models()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Rerankers.Open("no-such-model"));

        Assert.That(error!.Message, Does.Contain("'no-such-model' is not a model folder, a manifest file or a known model name"));
        Assert.That(error.Message, Does.Contain("castorini/monot5-base-msmarco"));
    }

    [Test]
    public void A_folder_with_lrr_model_json_opens_as_its_kind_with_that_manifest()
    {
        var folder = Track(OpenTestModels.T5Folder(T5TestModels.Tiny));
        OpenTestModels.WriteFolderManifest(folder, ModelManifestLoader.Load(Path.Combine(folder, "monot5.json")));

        using var opened = Rerankers.Open(folder);

        Assert.That(opened.Method, Is.EqualTo(RerankMethod.MonoT5));
        Assert.That(opened.Manifest!.Kind, Is.EqualTo(ModelKinds.MonoT5));
    }

    [Test]
    public void The_Manifest_option_gives_a_folder_its_kind()
    {
        var folder = Track(OpenTestModels.T5Folder(T5TestModels.Oracle));

        using var opened = Rerankers.Open(folder, new RerankerOpenOptions { Manifest = Path.Combine(folder, "pairwise.json") });

        Assert.That(opened.Method, Is.EqualTo(RerankMethod.Pairwise));
    }

    [Test]
    public void A_T5_folder_without_a_manifest_is_ambiguous()
    {
        var folder = Track(OpenTestModels.T5Folder(T5TestModels.Tiny));

        var error = Assert.Throws<InvalidDataException>(() => Rerankers.Open(folder));

        Assert.That(error!.Message, Does.Contain($"the model folder {folder} holds encoder_model.onnx and decoder_model.onnx"));
        Assert.That(error.Message, Does.Contain("can be read as monot5, rankt5, listwise, pairwise"));
        Assert.That(error.Message, Does.Contain("RerankerOpenOptions.Manifest").And.Contain("RerankerOpenOptions.Method"));
    }

    [Test]
    public void A_decoder_folder_without_a_manifest_is_ambiguous()
    {
        var error = Assert.Throws<InvalidDataException>(() => Rerankers.Open(LlmTestModels.OracleYes));

        Assert.That(error!.Message, Does.Contain("a decoder-only causal language model (config.json: architectures [Qwen3ForCausalLM]"));
        Assert.That(error.Message, Does.Contain("can be read as pointwise, query-likelihood, listwise, pairwise"));
    }

    [Test]
    public void A_manifest_of_another_kind_than_the_method_is_refused()
    {
        var folder = Track(OpenTestModels.T5Folder(T5TestModels.Oracle));
        var manifest = Path.Combine(folder, "monot5.json");

        var error = Assert.Throws<InvalidDataException>(() =>
            Rerankers.Open(folder, new RerankerOpenOptions { Method = RerankMethod.Pointwise, Manifest = manifest }));

        Assert.That(error!.Message, Is.EqualTo(
            $"manifest '{manifest}' (oracle-t5 (monoT5 scoring)) is of kind monot5, but the method pointwise needs a manifest of kind llm-pointwise"));
    }

    [Test]
    public void A_method_with_a_folder_manifest_of_another_kind_uses_the_methods_default_manifest()
    {
        var folder = Track(OpenTestModels.Copy(LlmTestModels.OracleYes));
        OpenTestModels.WriteFolderManifest(folder, LlmManifests.QueryLikelihood);

        using var opened = Rerankers.Open(folder, new RerankerOpenOptions { Method = RerankMethod.Pointwise });

        Assert.That(opened.Manifest!.Name, Is.EqualTo(LlmManifests.Qwen3Reranker.Name));
    }

    [Test]
    public void The_Manifest_option_is_refused_with_a_manifest_argument()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Rerankers.Open("ms-marco-MiniLM-L-6-v2", new RerankerOpenOptions { Manifest = "qwen3-reranker-0.6b" }));

        Assert.That(error!.Message, Does.Contain("RerankerOpenOptions.Manifest ('qwen3-reranker-0.6b') is only for model folders"));
    }

    [Test]
    public void ModelDirectory_is_refused_with_a_folder_argument()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Rerankers.Open(GeneratedModels.XenovaOneLabel, new RerankerOpenOptions { ModelDirectory = GeneratedModels.VocabTwoLabels }));

        Assert.That(error!.Message, Does.Contain("is a model folder, so RerankerOpenOptions.ModelDirectory"));
    }

    [TestCase("")]
    [TestCase("  ")]
    public void An_empty_argument_is_refused(string argument)
    {
        Assert.Throws<ArgumentException>(() => Rerankers.Open(argument));
    }

    [Test]
    public void Open_returns_an_IReranker()
    {
        IReranker reranker = Rerankers.Open(GeneratedModels.XenovaOneLabel);
        ((IDisposable)reranker).Dispose();

        Assert.Throws<ObjectDisposedException>(() => reranker.ScoreAsync("q", ["p"]));
    }

    private static void CopyInto(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private string Track(string folder)
    {
        _folders.Add(folder);
        return folder;
    }
}
