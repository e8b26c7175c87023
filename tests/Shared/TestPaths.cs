namespace LuceneRerank.Testing;

/// <summary>Where tests find the repository and the read-only <c>../shared</c> data beside it.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> s_repositoryRoot = new(FindRepositoryRoot);

    /// <summary>The folder holding <c>LuceneRerank.sln</c>.</summary>
    public static string RepositoryRoot => s_repositoryRoot.Value;

    /// <summary>
    /// The shared data folder: <c>$LUCENERERANK_SHARED</c> when set, else <c>../shared</c> beside the repository.
    /// </summary>
    public static string Shared =>
        Environment.GetEnvironmentVariable("LUCENERERANK_SHARED") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>A path under the shared folder; the test is ignored (not failed) when it is absent.</summary>
    public static string SharedFile(params string[] parts)
    {
        var path = Path.Combine([Shared, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Assert.Ignore($"shared data not present: {path}");
        }

        return path;
    }

    /// <summary>A new empty temporary folder, deleted by the caller.</summary>
    public static string NewTempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "lrr-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LuceneRerank.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LuceneRerank.sln not found above " + AppContext.BaseDirectory);
    }
}
