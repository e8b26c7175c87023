using System.CommandLine;
using LuceneRerank.SearchConsole.Commands;

namespace LuceneRerank.SearchConsole;

/// <summary>Entry point of <c>lrr-search</c>: BM25 search over a Lucene.NET index, optionally reranked.</summary>
public static class Program
{
    /// <summary>Builds the command tree. The root command itself searches (see <see cref="SearchCommand"/>).</summary>
    public static RootCommand CreateRootCommand()
    {
        return SearchCommand.Create();
    }

    /// <summary>Runs the console.</summary>
    public static Task<int> Main(string[] args) => CreateRootCommand().Parse(args).InvokeAsync();
}
