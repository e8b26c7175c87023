using LuceneRerank.Models;

namespace LuceneRerank.SearchConsole.Reranking;

/// <summary>
/// Finds model manifests for <c>--manifest</c>: a <c>.json</c> file path, or a name (or alias, or file name) in the
/// manifest folder: <c>$LUCENERERANK_MODELS_DIR</c>, the copy beside the tool, or the repository's <c>models/</c>.
/// </summary>
internal static class ManifestLocator
{
    /// <summary>Environment variable naming the manifest folder (as for <c>lrr-index models</c>).</summary>
    public const string EnvironmentVariable = "LUCENERERANK_MODELS_DIR";

    /// <summary>The manifest at the path <paramref name="nameOrPath"/>, or the one with that name in the manifest folder.</summary>
    /// <exception cref="ModelManifestException">A <c>.json</c> path that does not exist or is not a valid manifest.</exception>
    /// <exception cref="KeyNotFoundException">No manifest has that name (the message lists the known ones).</exception>
    public static ModelManifest Resolve(string nameOrPath)
    {
        if (nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(nameOrPath))
        {
            return ModelManifestLoader.Load(Path.GetFullPath(nameOrPath));
        }

        return ModelManifestCatalog.Load(Folder()).Find(nameOrPath);
    }

    /// <summary>The manifest folder; <see cref="DirectoryNotFoundException"/> when none is found.</summary>
    public static string Folder()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        var besideTool = Path.Combine(AppContext.BaseDirectory, "models");
        if (Directory.Exists(besideTool))
        {
            return besideTool;
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models");
            if (File.Exists(Path.Combine(dir.FullName, "LuceneRerank.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"no model manifest folder found: pass --manifest <file.json> or set {EnvironmentVariable}");
    }
}
