using System.Reflection;
using LuceneRerank.Models;

namespace LuceneRerank;

/// <summary>
/// The manifests of the repository's <c>models/</c> folder, compiled into the library as resources named
/// <see cref="ResourcePrefix"/> + file name (see <c>LuceneRerank.csproj</c>); read and validated once.
/// </summary>
internal static class EmbeddedManifests
{
    /// <summary>The resource name prefix of every embedded manifest.</summary>
    public const string ResourcePrefix = "LuceneRerank.Manifests.";

    private static readonly Lazy<ModelManifestCatalog> s_catalog = new(Load);

    /// <summary>Every embedded manifest, in file-name order.</summary>
    public static ModelManifestCatalog Catalog => s_catalog.Value;

    private static ModelManifestCatalog Load()
    {
        var assembly = typeof(EmbeddedManifests).Assembly;
        var entries = new List<(string Path, ModelManifest Manifest)>();
        foreach (var resource in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                     .OrderBy(n => n, StringComparer.Ordinal))
        {
            var fileName = resource[ResourcePrefix.Length..];
            entries.Add((fileName, ModelManifestLoader.Parse(Read(assembly, resource), $"{ModelManifestCatalog.EmbeddedSource}/{fileName}")));
        }

        return ModelManifestCatalog.FromEntries(ModelManifestCatalog.EmbeddedSource, entries);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded manifest resource '{resource}' is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
