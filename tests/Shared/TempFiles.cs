namespace LuceneRerank.Testing;

/// <summary>A temporary folder for one test or fixture, deleted (best effort) when disposed.</summary>
internal sealed class TempFiles : IDisposable
{
    /// <summary>The folder, created empty.</summary>
    public string Root { get; } = TestPaths.NewTempDirectory();

    /// <summary>Writes a file with the given lines (joined by \n, trailing newline) and returns its path.</summary>
    public string Write(string name, params string[] lines)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    /// <summary>The path of <paramref name="name"/> in the folder (nothing is created).</summary>
    public string PathOf(string name) => Path.Combine(Root, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
