using LuceneRerank.Models;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Opening;

/// <summary>The one manifest locator: paths, names in <c>$LUCENERERANK_MODELS_DIR</c>, and the manifests embedded in the library.</summary>
[NonParallelizable] // sets LUCENERERANK_MODELS_DIR
public sealed class ModelManifestsTests
{
    private static string RepositoryModels => Path.Combine(TestPaths.RepositoryRoot, "models");

    [Test]
    public void The_embedded_manifests_are_exactly_the_repositorys()
    {
        using var _ = new EnvironmentVariableScope(ModelManifests.EnvironmentVariable, null);
        var embedded = ModelManifests.Catalog();
        var files = ModelManifestCatalog.Load(RepositoryModels);

        Assert.That(embedded.Directory, Is.EqualTo(ModelManifestCatalog.EmbeddedSource));
        Assert.That(embedded.Manifests.Select(ModelManifestLoader.Serialize), Is.EqualTo(files.Manifests.Select(ModelManifestLoader.Serialize)));
        Assert.That(embedded.Manifests, Has.Count.EqualTo(Directory.GetFiles(RepositoryModels, "*.json").Length));
    }

    [TestCase("Qwen/Qwen3-Reranker-0.6B")]
    [TestCase("qwen3-reranker-0.6b")]
    [TestCase("qwen3-reranker")]
    public void A_name_alias_or_file_name_resolves_to_the_embedded_manifest(string name)
    {
        using var _ = new EnvironmentVariableScope(ModelManifests.EnvironmentVariable, null);

        Assert.That(ModelManifests.Resolve(name).Name, Is.EqualTo("Qwen/Qwen3-Reranker-0.6B"));
    }

    [Test]
    public void A_json_path_is_read_as_a_file()
    {
        var path = Path.Combine(RepositoryModels, "rankt5-base.json");

        Assert.That(ModelManifests.Resolve(path).Kind, Is.EqualTo(ModelKinds.RankT5));
    }

    [Test]
    public void A_missing_json_path_is_a_manifest_error_naming_it()
    {
        var missing = Path.Combine(TestPaths.NewTempDirectory(), "gone.json");

        var error = Assert.Throws<ModelManifestException>(() => ModelManifests.Resolve(missing));

        Assert.That(error!.Message, Does.Contain(missing).And.Contain("manifest file not found"));
    }

    [Test]
    public void LUCENERERANK_MODELS_DIR_replaces_the_embedded_manifests()
    {
        var folder = TestPaths.NewTempDirectory();
        try
        {
            var own = ModelManifestLoader.Load(Path.Combine(RepositoryModels, "ms-marco-MiniLM-L-6-v2.json")) with { Name = "acme/reranker", Aliases = ["acme"] };
            File.WriteAllText(Path.Combine(folder, "acme.json"), ModelManifestLoader.Serialize(own));
            using var _ = new EnvironmentVariableScope(ModelManifests.EnvironmentVariable, folder);

            Assert.That(ModelManifests.Resolve("acme").Name, Is.EqualTo("acme/reranker"));
            var error = Assert.Throws<KeyNotFoundException>(() => ModelManifests.Resolve("ms-marco-MiniLM-L-6-v2"));
            Assert.That(error!.Message, Does.Contain($"in {folder}; known models: acme/reranker"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void An_explicit_folder_wins_over_the_environment()
    {
        using var _ = new EnvironmentVariableScope(ModelManifests.EnvironmentVariable, "/no/such/folder");

        Assert.That(ModelManifests.Catalog(RepositoryModels).Directory, Is.EqualTo(RepositoryModels));
        Assert.Throws<DirectoryNotFoundException>(() => ModelManifests.Catalog());
    }

    [Test]
    public void An_unknown_name_lists_the_embedded_models()
    {
        using var _ = new EnvironmentVariableScope(ModelManifests.EnvironmentVariable, null);

        var error = Assert.Throws<KeyNotFoundException>(() => ModelManifests.Resolve("no-such-model"));

        Assert.That(error!.Message, Does.StartWith($"no model manifest named 'no-such-model' in {ModelManifestCatalog.EmbeddedSource}; known models: "));
        Assert.That(error.Message, Does.Contain("BAAI/bge-reranker-base"));
    }
}
