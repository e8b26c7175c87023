using System.CommandLine;

namespace LuceneRerank.SearchConsole;

/// <summary>Entry point of <c>lrr-search</c>: BM25 search over a Lucene.NET index, optionally reranked.</summary>
public static class Program
{
    /// <summary>Builds the command tree. Each subcommand lives in its own file under <c>Commands/</c>.</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("lrr-search: BM25 search over a Lucene.NET index, reranked by a neural model when one is given.");
        return root;
    }

    /// <summary>Runs the console.</summary>
    public static Task<int> Main(string[] args) => CreateRootCommand().Parse(args).InvokeAsync();
}
