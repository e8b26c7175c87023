using System.Diagnostics;
using System.Text;

namespace LuceneRerank.Packaging.Tests;

/// <summary>Runs a program (the <c>dotnet</c> CLI, a built app, an installed tool) as a child process and captures its output.</summary>
internal static class ChildProcess
{
    /// <summary>Runs <c>dotnet ARGS</c> in <paramref name="workingDirectory"/>; fails the test with the output when it exits non-zero.</summary>
    public static string Dotnet(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var (exitCode, output) = Run("dotnet", workingDirectory, timeout, arguments);
        if (exitCode != 0)
        {
            Assert.Fail($"dotnet {string.Join(' ', arguments)} exited with {exitCode}:\n{output}");
        }

        return output;
    }

    /// <summary>Runs <paramref name="program"/> and returns its exit code and its standard output and error, interleaved.</summary>
    public static (int ExitCode, string Output) Run(
        string program, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs under `dotnet test`, whose MSBuild settings must not leak into a separate build.
        foreach (var name in start.Environment.Keys.Where(IsInheritedBuildSetting).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish within {timeout}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static bool IsInheritedBuildSetting(string name) =>
        name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
        || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase);

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
