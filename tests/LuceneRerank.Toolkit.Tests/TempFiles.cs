using LuceneRerank.Testing;

namespace LuceneRerank.Toolkit.Tests;

/// <summary>A temporary folder for one test, deleted when disposed.</summary>
internal sealed class TempFiles : IDisposable
{
    public TempFiles() => Root = TestPaths.NewTempDirectory();

    public string Root { get; }

    /// <summary>Writes a file with the given lines (joined by \n, trailing newline) and returns its path.</summary>
    public string Write(string name, params string[] lines)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

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
