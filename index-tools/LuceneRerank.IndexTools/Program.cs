using System.CommandLine;
using LuceneRerank.IndexTools.Commands;
using LuceneRerank.Toolkit.CommandLine;

namespace LuceneRerank.IndexTools;

/// <summary>Entry point of <c>lrr-index</c>: builds Lucene.NET indexes, evaluates runs, fetches datasets and models.</summary>
public static class Program
{
    /// <summary>Builds the command tree. Each subcommand lives in its own file under <c>Commands/</c>.</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("lrr-index: build Lucene.NET indexes from BEIR/TSV corpora, evaluate TREC runs, pull datasets and models.");
        root.Subcommands.Add(BuildCommand.Create());
        root.Subcommands.Add(EmbedCommand.Create());
        root.Subcommands.Add(StatsCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(DatasetsCommand.Create());
        return root;
    }

    /// <summary>Runs the tool.</summary>
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
