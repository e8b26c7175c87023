using System.CommandLine;
using System.CommandLine.Invocation;

namespace LuceneRerank.Toolkit.CommandLine;

/// <summary>
/// Runs a <c>lrr-index</c> / <c>lrr-search</c> command line: parse errors become <c>error:</c> lines with
/// <see cref="ExitCodes.UsageError"/>, exceptions from a command go through <see cref="ErrorReporter"/>, and
/// Ctrl-C / SIGTERM cancel the command's token (<see cref="ProcessSignals"/>) instead of killing it mid-write.
/// </summary>
public static class CommandHost
{
    /// <summary>The <c>--verbose</c> option every command gets: print stack traces of errors.</summary>
    public static Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Print the stack trace of an error too.",
        Recursive = true,
    };

    /// <summary>Adds <see cref="Verbose"/> to a root command (once).</summary>
    /// <param name="root">The program's root command.</param>
    /// <returns><paramref name="root"/>.</returns>
    public static RootCommand WithVerbose(RootCommand root)
    {
        if (!root.Options.Contains(Verbose))
        {
            root.Options.Add(Verbose);
        }

        return root;
    }

    /// <summary>Runs the process: real console, signal handling.</summary>
    /// <param name="root">The program's root command.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> MainAsync(RootCommand root, string[] args)
    {
        using var signals = new ProcessSignals();
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return await RunAsync(root, args, configuration, signals);
    }

    /// <summary>Runs a command line with the given output writers (tests, embedding); no signal handling unless given.</summary>
    /// <param name="root">The program's root command.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="configuration">Output and error writers.</param>
    /// <param name="signals">Signal handling whose token cancels the command (null: none).</param>
    /// <param name="cancellationToken">Also cancels the command (tests).</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(
        RootCommand root, string[] args, InvocationConfiguration configuration, ProcessSignals? signals = null,
        CancellationToken cancellationToken = default)
    {
        WithVerbose(root);
        configuration.EnableDefaultExceptionHandler = false;
        configuration.ProcessTerminationTimeout = null;
        var error = configuration.Error;
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is ParseErrorAction)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync("error: " + parseError.Message);
            }

            await error.WriteLineAsync($"(see '{root.Name} --help')");
            return ExitCodes.UsageError;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, signals?.Token ?? CancellationToken.None);
        try
        {
            return await parseResult.InvokeAsync(configuration, linked.Token);
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(e, error, parseResult.GetValue(Verbose), signals?.Terminated ?? false);
        }
    }
}
