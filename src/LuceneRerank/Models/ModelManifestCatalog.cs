namespace LuceneRerank.Models;

/// <summary>
/// The model manifests of one folder (the repository's <c>models/</c>), every kind (cross-encoders, LLM and T5
/// rerankers), looked up by name, alias or file name.
/// </summary>
public sealed class ModelManifestCatalog
{
    private readonly List<(string Path, ModelManifest Manifest)> _entries;

    private ModelManifestCatalog(string directory, List<(string Path, ModelManifest Manifest)> entries)
    {
        Directory = directory;
        _entries = entries;
    }

    /// <summary>
    /// The folder the manifests were read from, or <see cref="EmbeddedSource"/> for the manifests built into the library
    /// (<see cref="ModelManifests.Catalog"/>).
    /// </summary>
    public string Directory { get; }

    /// <summary>Every manifest, in file-name order.</summary>
    public IReadOnlyList<ModelManifest> Manifests => _entries.Select(e => e.Manifest).ToList();

    /// <summary>What <see cref="Directory"/> reads for the manifests embedded in the library assembly.</summary>
    public const string EmbeddedSource = "(manifests embedded in LuceneRerank)";

    /// <summary>
    /// Loads every <c>*.json</c> in <paramref name="directory"/>; any bad manifest fails the whole load.
    /// </summary>
    public static ModelManifestCatalog Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"model manifest folder not found: {directory}");
        }

        var entries = System.IO.Directory.EnumerateFiles(directory, "*.json")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (p, ModelManifestLoader.Load(p)))
            .ToList();
        return new ModelManifestCatalog(directory, entries);
    }

    /// <summary>A catalog of manifests already read: <paramref name="entries"/> are (file name or path, manifest), in order.</summary>
    internal static ModelManifestCatalog FromEntries(string source, IEnumerable<(string Path, ModelManifest Manifest)> entries) =>
        new(source, entries.ToList());

    /// <summary>
    /// The manifest named <paramref name="name"/> (its name, an alias, or its file name without <c>.json</c>), or a
    /// <see cref="KeyNotFoundException"/> that lists the known names.
    /// </summary>
    public ModelManifest Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (path, manifest) in _entries)
        {
            if (manifest.IsNamed(name) ||
                string.Equals(System.IO.Path.GetFileNameWithoutExtension(path), name, StringComparison.OrdinalIgnoreCase))
            {
                return manifest;
            }
        }

        var known = string.Join(", ", _entries.Select(e => e.Manifest.Name));
        throw new KeyNotFoundException($"no model manifest named '{name}' in {Directory}; known models: {known}");
    }
}
