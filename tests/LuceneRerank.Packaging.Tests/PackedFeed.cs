using System.Reflection;
using System.Text.Json;
using LuceneRerank.Testing;

namespace LuceneRerank.Packaging.Tests;

/// <summary>
/// The packable projects packed once per test run into a temporary folder feed, under a version no earlier run used
/// (so no package cache can serve a stale copy). Packing uses the assemblies the test project's build just made
/// (<c>--no-build</c>, same configuration), so the run does not compile the projects a second time.
/// </summary>
internal static class PackedFeed
{
    /// <summary>The projects <c>dotnet pack -c Release</c> turns into packages, relative to the repository root.</summary>
    public static readonly string[] PackableProjects =
    [
        "src/LuceneRerank/LuceneRerank.csproj",
        "src/LuceneRerank.Models.Downloads/LuceneRerank.Models.Downloads.csproj",
        "src/LuceneRerank.DependencyInjection/LuceneRerank.DependencyInjection.csproj",
        "src/LuceneRerank.Remote/LuceneRerank.Remote.csproj",
        "src/LuceneRerank.Server/LuceneRerank.Server.csproj",
        "src/LuceneRerank.Serve/LuceneRerank.Serve.csproj",
        "src/LuceneRerank.Toolkit/LuceneRerank.Toolkit.csproj",
        "index-tools/LuceneRerank.IndexTools/LuceneRerank.IndexTools.csproj",
        "examples/LuceneRerank.SearchConsole/LuceneRerank.SearchConsole.csproj",
    ];

    private static readonly Lazy<string> s_root = new(Pack, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The unique version every package of this run carries.</summary>
    public static string Version { get; } = "0.1.0-pkgtest-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The temporary folder holding the feed and everything built from it (deleted at the end of the run).</summary>
    public static string Root => s_root.Value;

    /// <summary>The folder feed holding the .nupkg and .snupkg files.</summary>
    public static string Feed => Path.Combine(Root, "feed");

    /// <summary>Whether <see cref="Pack"/> ran (so there is something to delete).</summary>
    public static bool Created => s_root.IsValueCreated;

    /// <summary>The path of package <paramref name="id"/>; fails the test when it was not produced.</summary>
    public static string PackagePath(string id, string extension = "nupkg")
    {
        var path = Path.Combine(Feed, $"{id}.{Version}.{extension}");
        Assert.That(path, Does.Exist, $"dotnet pack did not produce {Path.GetFileName(path)}");
        return path;
    }

    private static string BuildConfiguration =>
        typeof(PackedFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BuildConfiguration").Value!;

    private static string Pack()
    {
        var root = TestPaths.NewTempDirectory();
        var feed = Path.Combine(root, "feed");

        // One dotnet pack over a solution filter of the packable projects: one process, one evaluation of the graph.
        var filter = Path.Combine(root, "packable.slnf");
        File.WriteAllText(filter, JsonSerializer.Serialize(new
        {
            solution = new
            {
                path = Path.Combine(TestPaths.RepositoryRoot, "LuceneRerank.sln"),
                projects = PackableProjects,
            },
        }));
        ChildProcess.Dotnet(
            TestPaths.RepositoryRoot,
            TimeSpan.FromMinutes(8),
            "pack", filter, "-c", BuildConfiguration, "--no-build", "--no-restore", "-nodeReuse:false",
            $"-p:Version={Version}",
            $"-p:PackageOutputPath={feed}{Path.DirectorySeparatorChar}");
        return root;
    }
}
