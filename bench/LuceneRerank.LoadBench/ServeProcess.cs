using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LuceneRerank.LoadBench;

/// <summary>An lrr-serve child process on 127.0.0.1 and a free port; killed (with its tree) when disposed.</summary>
internal sealed partial class ServeProcess : IDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>http://127.0.0.1:PORT/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts <c>dotnet LRR_SERVE_DLL --model MODEL --port 0 …</c> and waits until <c>/ready</c> answers 200 (at most 2 minutes).</summary>
    public static async Task<ServeProcess> StartAsync(string serveDll, IEnumerable<string> arguments)
    {
        if (!File.Exists(serveDll))
        {
            throw new FileNotFoundException($"lrr-serve is not built: {serveDll} (dotnet build src/LuceneRerank.Serve -c Release)", serveDll);
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(serveDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Uri? address = null;
        while (address is null)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"lrr-serve exited ({(process.WaitForExit(5000) ? process.ExitCode : -1)}) before listening");
            if (Listening().Match(line) is { Success: true } match)
            {
                address = new Uri(match.Groups[1].Value + "/");
            }
        }

        _ = DrainAsync(process.StandardOutput);
        var served = new ServeProcess(process, address);
        using var client = new HttpClient { BaseAddress = address };
        while (!(await client.GetAsync("ready", timeout.Token)).IsSuccessStatusCode)
        {
            await Task.Delay(100, timeout.Token);
        }

        return served;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private static async Task DrainAsync(StreamReader output)
    {
        while (await output.ReadLineAsync() is not null)
        {
        }
    }

    [GeneratedRegex(@"listening on (http://[^\s,]+)")]
    private static partial Regex Listening();
}
