using System.CommandLine;
using LuceneRerank.SearchConsole.Commands;
using LuceneRerank.Toolkit.CommandLine;

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
    public static Task<int> Main(string[] args) => CommandHost.MainAsync(CreateRootCommand(), args);

    /// <summary>Runs a command line in process with the given writers (no signal handling); tests use it.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellationToken">Cancels the command as Ctrl-C would.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        CommandHost.RunAsync(CreateRootCommand(), args, new InvocationConfiguration { Output = output, Error = error }, null, cancellationToken);
}
