using LuceneRerank.Models;

namespace LuceneRerank.IndexTools.Commands;

/// <summary>Finds the folder of model manifests: the option, <c>$LUCENERERANK_MODELS_DIR</c>, the copy beside the tool, or the repository's <c>models/</c>.</summary>
internal static class ModelManifestLocator
{
    public const string EnvironmentVariable = "LUCENERERANK_MODELS_DIR";

    public static ModelManifestCatalog LoadCatalog(string? option)
    {
        if (!string.IsNullOrEmpty(option))
        {
            return ModelManifestCatalog.Load(option);
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return ModelManifestCatalog.Load(fromEnvironment);
        }

        var besideTool = Path.Combine(AppContext.BaseDirectory, "models");
        if (Directory.Exists(besideTool))
        {
            return ModelManifestCatalog.Load(besideTool);
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models");
            if (File.Exists(Path.Combine(dir.FullName, "LuceneRerank.sln")) && Directory.Exists(candidate))
            {
                return ModelManifestCatalog.Load(candidate);
            }
        }

        throw new DirectoryNotFoundException(
            $"no model manifest folder found: pass --manifests <dir> or set {EnvironmentVariable}");
    }

    /// <summary>A manifest by name from the catalog, or from a <c>.json</c> file path.</summary>
    public static ModelManifest Resolve(string nameOrPath, string? manifestsOption) =>
        nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(nameOrPath)
            ? ModelManifestLoader.Load(nameOrPath)
            : LoadCatalog(manifestsOption).Find(nameOrPath);
}
