using LuceneRerank.Models;

namespace LuceneRerank;

/// <summary>
/// The one place model manifests are found, for the library, <c>lrr-search</c> and <c>lrr-index models</c>: a
/// <c>.json</c> path; else a name, alias or file name in the folder <c>$LUCENERERANK_MODELS_DIR</c> when that is set;
/// else the manifests of the repository's <c>models/</c> folder, embedded in the library assembly (so a name works
/// without the repository).
/// </summary>
public static class ModelManifests
{
    /// <summary>Environment variable naming a folder of manifests that replaces the embedded ones.</summary>
    public const string EnvironmentVariable = "LUCENERERANK_MODELS_DIR";

    /// <summary>
    /// The manifest a model folder may carry (<c>lrr-model.json</c>, written by <c>lrr-index models pull</c>); its kind
    /// says how <see cref="Rerankers.Open"/> reads the folder.
    /// </summary>
    public const string FolderManifestFileName = "lrr-model.json";

    /// <summary>
    /// The catalog names are looked up in: <paramref name="folder"/> when given, else <c>$LUCENERERANK_MODELS_DIR</c>
    /// when set, else the embedded manifests (<see cref="ModelManifestCatalog.EmbeddedSource"/>).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder given (or named by the variable) does not exist.</exception>
    /// <exception cref="ModelManifestException">A manifest in it is invalid.</exception>
    public static ModelManifestCatalog Catalog(string? folder = null)
    {
        if (!string.IsNullOrEmpty(folder))
        {
            return ModelManifestCatalog.Load(folder);
        }

        return Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? ModelManifestCatalog.Load(fromEnvironment)
            : EmbeddedManifests.Catalog;
    }

    /// <summary>
    /// The manifest <paramref name="nameOrPath"/> names: a path ending in <c>.json</c> or naming an existing file is
    /// read as a manifest file; anything else is a name, alias or file name (without <c>.json</c>) in
    /// <see cref="Catalog"/>(<paramref name="folder"/>).
    /// </summary>
    /// <exception cref="ModelManifestException">A <c>.json</c> path that does not exist or is not a valid manifest.</exception>
    /// <exception cref="KeyNotFoundException">No manifest has that name (the message lists the known ones).</exception>
    public static ModelManifest Resolve(string nameOrPath, string? folder = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrPath);
        if (IsPath(nameOrPath))
        {
            return ModelManifestLoader.Load(Path.GetFullPath(nameOrPath));
        }

        return Catalog(folder).Find(nameOrPath);
    }

    /// <summary>Whether <see cref="Resolve"/> reads <paramref name="nameOrPath"/> as a file rather than a name.</summary>
    internal static bool IsPath(string nameOrPath) =>
        nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(nameOrPath);
}
