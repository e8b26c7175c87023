using LuceneRerank.Testing;

namespace LuceneRerank.Packaging.Tests;

/// <summary>The library packages: metadata, one assembly and its XML docs per target framework, symbols.</summary>
public sealed class LibraryPackageTests
{
    private const string RepositoryUrl = "https://github.com/LuceneRerank/LuceneRerank";

    private static readonly object[] s_libraries =
    [
        new object[] { "LuceneRerank", new[] { "net8.0", "net10.0" } },
        new object[] { "LuceneRerank.Models.Downloads", new[] { "net8.0", "net10.0" } },
        new object[] { "LuceneRerank.DependencyInjection", new[] { "net8.0", "net10.0" } },
        new object[] { "LuceneRerank.Remote", new[] { "net8.0", "net10.0" } },
        new object[] { "LuceneRerank.Server", new[] { "net8.0", "net10.0" } },
        new object[] { "LuceneRerank.Toolkit", new[] { "net8.0" } },
    ];

    [TestCaseSource(nameof(s_libraries))]
    public void Package_carries_its_metadata(string id, string[] targetFrameworks)
    {
        var package = Nupkg.Open(PackedFeed.PackagePath(id));

        Assert.Multiple(() =>
        {
            Assert.That(package.Value("id"), Is.EqualTo(id));
            Assert.That(package.Value("version"), Is.EqualTo(PackedFeed.Version));
            Assert.That(package.Value("authors"), Is.Not.Empty);
            Assert.That(package.Value("description"), Is.Not.Empty);
            Assert.That(package.Value("tags"), Does.Contain("lucene"));
            Assert.That(package.Element("license")?.Attribute("type")?.Value, Is.EqualTo("expression"));
            Assert.That(package.Value("license"), Is.EqualTo("Apache-2.0"));
            Assert.That(package.Value("projectUrl"), Is.EqualTo(RepositoryUrl));
            Assert.That(package.Element("repository")?.Attribute("url")?.Value, Is.EqualTo(RepositoryUrl));
            Assert.That(package.Element("repository")?.Attribute("commit")?.Value, Does.Match("^[0-9a-f]{40}$"),
                "SourceLink did not record the commit");
            Assert.That(package.Value("readme"), Is.EqualTo("PACKAGE.md"));
            Assert.That(package.Entries, Does.Contain("PACKAGE.md"));
        });
    }

    [TestCaseSource(nameof(s_libraries))]
    public void Package_has_an_assembly_and_its_xml_docs_for_each_target_framework(string id, string[] targetFrameworks)
    {
        var package = Nupkg.Open(PackedFeed.PackagePath(id));

        var expected = targetFrameworks.SelectMany(tfm => new[] { $"lib/{tfm}/{id}.dll", $"lib/{tfm}/{id}.xml" });
        Assert.That(package.Entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)), Is.EquivalentTo(expected));
    }

    [TestCaseSource(nameof(s_libraries))]
    public void Symbol_package_has_a_pdb_for_each_target_framework(string id, string[] targetFrameworks)
    {
        var symbols = Nupkg.Open(PackedFeed.PackagePath(id, "snupkg"));

        Assert.That(
            symbols.Entries.Where(e => e.EndsWith(".pdb", StringComparison.Ordinal)),
            Is.EquivalentTo(targetFrameworks.Select(tfm => $"lib/{tfm}/{id}.pdb")));
    }

    [Test]
    public void Core_package_embeds_every_model_manifest_so_a_name_works_without_the_repository()
    {
        var core = Nupkg.Open(PackedFeed.PackagePath("LuceneRerank"));
        var expected = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "models"), "*.json")
            .Select(path => "LuceneRerank.Manifests." + Path.GetFileName(path))
            .ToList();

        Assert.That(expected, Is.Not.Empty);
        foreach (var tfm in new[] { "net8.0", "net10.0" })
        {
            Assert.That(core.ResourceNames($"lib/{tfm}/LuceneRerank.dll"), Is.SupersetOf(expected), tfm);
        }
    }

    [Test]
    public void Core_package_holds_no_download_code_and_the_downloads_package_does()
    {
        var core = Nupkg.Open(PackedFeed.PackagePath("LuceneRerank"));
        var downloads = Nupkg.Open(PackedFeed.PackagePath("LuceneRerank.Models.Downloads"));
        string[] downloadTypes =
        [
            "LuceneRerank.Downloads.HttpFileDownloader",
            "LuceneRerank.Models.ModelDownloader",
            "LuceneRerank.Models.ModelDirectoryVerifier",
        ];

        foreach (var tfm in new[] { "net8.0", "net10.0" })
        {
            var coreTypes = core.TypeNames($"lib/{tfm}/LuceneRerank.dll");
            var downloadsTypes = downloads.TypeNames($"lib/{tfm}/LuceneRerank.Models.Downloads.dll");
            Assert.Multiple(() =>
            {
                Assert.That(coreTypes, Does.Contain("LuceneRerank.Rescoring.NeuralRescorer"));
                Assert.That(coreTypes.Where(t => t.StartsWith("LuceneRerank.Downloads.", StringComparison.Ordinal)), Is.Empty);
                Assert.That(coreTypes.Intersect(downloadTypes), Is.Empty);
                Assert.That(downloadsTypes, Is.SupersetOf(downloadTypes));
            });
        }
    }

    [Test]
    public void Packages_depend_on_each_other_by_package_not_by_file()
    {
        var downloads = Nupkg.Open(PackedFeed.PackagePath("LuceneRerank.Models.Downloads"));
        var toolkit = Nupkg.Open(PackedFeed.PackagePath("LuceneRerank.Toolkit"));
        var injection = Nupkg.Open(PackedFeed.PackagePath("LuceneRerank.DependencyInjection"));
        var remote = Nupkg.Open(PackedFeed.PackagePath("LuceneRerank.Remote"));
        var server = Nupkg.Open(PackedFeed.PackagePath("LuceneRerank.Server"));
        var core = Nupkg.Open(PackedFeed.PackagePath("LuceneRerank"));

        Assert.Multiple(() =>
        {
            Assert.That(downloads.DependencyIds("net8.0"), Does.Contain("LuceneRerank"));
            Assert.That(downloads.DependencyIds("net10.0"), Does.Contain("LuceneRerank"));
            Assert.That(toolkit.DependencyIds("net8.0"), Does.Contain("LuceneRerank").And.Contain("LuceneRerank.Models.Downloads"));
            Assert.That(injection.DependencyIds("net8.0"), Does.Contain("LuceneRerank"));
            Assert.That(injection.DependencyIds("net10.0"), Does.Contain("LuceneRerank"));
            Assert.That(remote.DependencyIds("net8.0"), Does.Contain("LuceneRerank"));
            Assert.That(remote.DependencyIds("net10.0"), Does.Contain("LuceneRerank"));
            Assert.That(server.DependencyIds("net8.0"), Does.Contain("LuceneRerank"));
            Assert.That(server.DependencyIds("net10.0"), Does.Contain("LuceneRerank"));
            Assert.That(core.DependencyIds("net8.0"), Does.Contain("Microsoft.ML.OnnxRuntime.Managed").And.Not.Contain("Microsoft.ML.OnnxRuntime"),
                "the core must leave the choice of native ONNX Runtime (CPU or GPU) to the application");
        });
    }
}
