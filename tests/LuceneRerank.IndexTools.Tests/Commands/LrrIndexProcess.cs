using System.Diagnostics;

namespace LuceneRerank.IndexTools.Tests.Commands;

/// <summary>Starts <c>lrr-index</c> as a child process (the built <c>lrr-index.dll</c> beside the tests, run by <c>dotnet</c>).</summary>
internal sealed class LrrIndexProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    private LrrIndexProcess(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;

    public static LrrIndexProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lrr-index.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new LrrIndexProcess(Process.Start(info)!);
    }

    /// <summary>Sends a POSIX signal (SIGTERM, SIGINT) with <c>kill</c>.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: no clean-up at all.</summary>
    public void Kill() => _process.Kill();

    public (int ExitCode, string Output, string Error) WaitForExit(int seconds = 120)
    {
        if (!_process.WaitForExit(seconds * 1000))
        {
            _process.Kill();
            Assert.Fail($"lrr-index did not exit within {seconds} s");
        }

        return (_process.ExitCode, _output.Result, _error.Result);
    }

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
