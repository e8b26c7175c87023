namespace LuceneRerank.IndexTools.Tests.Commands;

/// <summary>Runs <c>lrr-index</c> in process and captures its output.</summary>
internal sealed record Cli(int ExitCode, string Output, string Error)
{
    public static Cli Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = Program.RunAsync(args, output, error).GetAwaiter().GetResult();
        return new Cli(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Lines of the output holding a tab (the metric lines).</summary>
    public string[] TabLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains('\t')).ToArray();
}
