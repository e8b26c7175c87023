using System.CommandLine;
using LuceneRerank.Testing;

namespace LuceneRerank.IndexTools.Tests.Commands;

/// <summary>Runs <c>lrr-index</c> in process and captures its output.</summary>
internal sealed record Cli(int ExitCode, string Output, string Error)
{
    public static Cli Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = Program.CreateRootCommand().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new Cli(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Lines of the output holding a tab (the metric lines).</summary>
    public string[] TabLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains('\t')).ToArray();
}

/// <summary>A temporary folder deleted when disposed.</summary>
internal sealed class TempDir : IDisposable
{
    public string Root { get; } = TestPaths.NewTempDirectory();

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
