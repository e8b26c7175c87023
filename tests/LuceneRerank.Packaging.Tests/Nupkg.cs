using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace LuceneRerank.Packaging.Tests;

/// <summary>The entries, the .nuspec and the assemblies of one package file.</summary>
internal sealed class Nupkg
{
    private Nupkg(string path, IReadOnlyList<string> entries, XElement metadata)
    {
        Path = path;
        Entries = entries;
        Metadata = metadata;
    }

    /// <summary>The package file.</summary>
    public string Path { get; }

    /// <summary>Every entry name, '/'-separated.</summary>
    public IReadOnlyList<string> Entries { get; }

    /// <summary>The nuspec's &lt;metadata&gt; element.</summary>
    public XElement Metadata { get; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static Nupkg Open(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = nuspec.Open();
        var document = XDocument.Load(stream);
        var metadata = document.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        return new Nupkg(path, entries, metadata);
    }

    /// <summary>The text of the nuspec metadata element <paramref name="name"/>, or null.</summary>
    public string? Value(string name) => Element(name)?.Value;

    /// <summary>The nuspec metadata element <paramref name="name"/>, or null.</summary>
    public XElement? Element(string name) => Metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    /// <summary>The ids of the dependencies declared for <paramref name="targetFramework"/> (as the nuspec spells it, e.g. net8.0).</summary>
    public IReadOnlyList<string> DependencyIds(string targetFramework) =>
        Metadata.Descendants().Where(e => e.Name.LocalName == "group"
                && string.Equals((string?)e.Attribute("targetFramework"), targetFramework, StringComparison.OrdinalIgnoreCase))
            .SelectMany(g => g.Elements().Where(d => d.Name.LocalName == "dependency"))
            .Select(d => (string)d.Attribute("id")!)
            .ToList();

    /// <summary>The full names of the types defined in an assembly entry of the package.</summary>
    public IReadOnlySet<string> TypeNames(string entry) => ReadMetadata(entry, reader => reader.TypeDefinitions
        .Select(handle => reader.GetTypeDefinition(handle))
        .Select(type => $"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}")
        .ToHashSet(StringComparer.Ordinal));

    /// <summary>The names of the resources embedded in an assembly entry of the package.</summary>
    public IReadOnlySet<string> ResourceNames(string entry) => ReadMetadata(entry, reader => reader.ManifestResources
        .Select(handle => reader.GetString(reader.GetManifestResource(handle).Name))
        .ToHashSet(StringComparer.Ordinal));

    private IReadOnlySet<string> ReadMetadata(string entry, Func<MetadataReader, IReadOnlySet<string>> read)
    {
        using var zip = ZipFile.OpenRead(Path);
        using var stream = zip.GetEntry(entry)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        using var pe = new PEReader(copy);
        return read(pe.GetMetadataReader());
    }
}
