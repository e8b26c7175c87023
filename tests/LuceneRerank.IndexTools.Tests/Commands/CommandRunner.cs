namespace LuceneRerank.IndexTools.Tests.Commands;

/// <summary>Runs <c>lrr-index</c> in-process and captures what it printed.</summary>
internal static class CommandRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Program.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
