using LuceneRerank.Models;

namespace LuceneRerank.Tests.Opening;

/// <summary>The default folder of model weights, and the folder of each manifest in it.</summary>
[NonParallelizable] // sets LUCENERERANK_MODEL_CACHE
public sealed class ModelCacheTests
{
    [Test]
    public void The_cache_is_under_the_home_folder_by_default()
    {
        using var _ = new EnvironmentVariableScope(ModelCache.EnvironmentVariable, null);

        Assert.That(ModelCache.DefaultDirectory, Is.EqualTo(Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "lucenererank", "models")));
    }

    [Test]
    public void LUCENERERANK_MODEL_CACHE_moves_the_cache()
    {
        using var _ = new EnvironmentVariableScope(ModelCache.EnvironmentVariable, "/srv/models");

        Assert.That(ModelCache.DefaultDirectory, Is.EqualTo("/srv/models"));
    }

    [Test]
    public void A_manifests_folder_is_named_by_its_first_alias()
    {
        using var _ = new EnvironmentVariableScope(ModelCache.EnvironmentVariable, "/srv/models");
        var manifest = ModelManifests.Resolve("Qwen/Qwen3-0.6B (listwise)");

        Assert.That(ModelCache.FolderOf(manifest), Is.EqualTo("/srv/models/qwen3-0.6b-listwise"));
    }

    [Test]
    public void Without_aliases_the_name_is_made_a_folder_name()
    {
        var manifest = new ModelManifest { Name = "owner/model v2" };

        Assert.That(ModelCache.KeyOf(manifest), Is.EqualTo("owner_model v2"));
    }
}
