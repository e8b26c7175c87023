using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using LuceneRerank.Testing;

namespace LuceneRerank.Packaging.Tests;

/// <summary>lrr-index, lrr-search and lrr-serve as dotnet tools: the tool settings, and an installed tool finding the manifests embedded in the library.</summary>
public sealed class ToolPackageTests
{
    private const string ToolFolder = "tools/net10.0/any/";

    [TestCase("lrr-index")]
    [TestCase("lrr-search")]
    [TestCase("lrr-serve")]
    public void Tool_package_names_its_command_and_entry_point(string id)
    {
        var package = Nupkg.Open(PackedFeed.PackagePath(id));
        using var zip = ZipFile.OpenRead(package.Path);
        var settingsEntry = zip.GetEntry(ToolFolder + "DotnetToolSettings.xml");
        Assert.That(settingsEntry, Is.Not.Null, "no DotnetToolSettings.xml in " + ToolFolder);
        using var stream = settingsEntry!.Open();
        var command = XDocument.Load(stream).Descendants("Command").Single();

        Assert.Multiple(() =>
        {
            Assert.That(command.Attribute("Name")?.Value, Is.EqualTo(id));
            Assert.That(command.Attribute("EntryPoint")?.Value, Is.EqualTo(id + ".dll"));
            Assert.That(package.Entries, Does.Contain(ToolFolder + id + ".dll"));
            Assert.That(package.Element("packageTypes")?.Elements().Select(e => e.Attribute("name")?.Value), Does.Contain("DotnetTool"));
            Assert.That(package.Value("license"), Is.EqualTo("Apache-2.0"));
            Assert.That(package.Entries, Does.Contain("PACKAGE.md"));
        });
    }

    [TestCase("lrr-index")]
    [TestCase("lrr-search")]
    [TestCase("lrr-serve")]
    public void Tool_package_carries_native_onnx_runtime_for_desktop_platforms_only(string id)
    {
        var package = Nupkg.Open(PackedFeed.PackagePath(id));
        var runtimes = package.Entries.Where(e => e.StartsWith(ToolFolder + "runtimes/", StringComparison.Ordinal)).ToList();

        Assert.That(runtimes, Does.Contain(ToolFolder + "runtimes/linux-x64/native/libonnxruntime.so"));
        Assert.That(runtimes.Where(e => e.Contains("/android/", StringComparison.Ordinal) || e.Contains("/ios/", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Installed_lrr_index_finds_its_manifests_from_any_folder()
    {
        var toolPath = Path.Combine(PackedFeed.Root, "tools");
        var elsewhere = Path.Combine(PackedFeed.Root, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        ChildProcess.Dotnet(
            elsewhere, TimeSpan.FromMinutes(4),
            "tool", "install", "lrr-index", "--tool-path", toolPath, "--version", PackedFeed.Version,
            "--add-source", PackedFeed.Feed);

        var (exitCode, output) = ChildProcess.Run(Path.Combine(toolPath, "lrr-index"), elsewhere, TimeSpan.FromMinutes(1), "models", "list");

        Assert.That(exitCode, Is.Zero, output);
        var names = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "models"), "*.json")
            .Select(path => JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("name").GetString())
            .ToList();
        Assert.That(names, Is.Not.Empty);
        foreach (var name in names)
        {
            Assert.That(output, Does.Contain(name!), "models list left out " + name);
        }
    }
}
