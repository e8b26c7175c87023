using System.Globalization;
using LuceneRerank.Benchmarks;
using LuceneRerank.LlmBenchmarks;
using LuceneRerank.Remote;

namespace LuceneRerank.LoadBench;

/// <summary>
/// <c>lrr-loadbench [--seconds S] [--max-requests N] [--concurrency 1,4,16,64] [--passages K] [--max-length L]</c>:
/// a random MiniLM-L6-shaped cross-encoder scores SciFact (query, K passages) requests, closed loop at each
/// concurrency, (a) in process, (b) through lrr-serve with dynamic batching, (c) through lrr-serve with batching off
/// (TEI route, HttpReranker client, loopback). Each cell stops after S seconds or N requests. Prints one table with
/// throughput, latency percentiles and ratios to the in-process single-caller throughput, and the load average.
/// </summary>
public static class Program
{
    /// <summary>Runs the benchmark.</summary>
    public static async Task<int> Main(string[] args)
    {
        var settings = Settings.Parse(args);
        var root = RepositoryRoot();
        var shared = Environment.GetEnvironmentVariable("LUCENERERANK_SHARED") is { Length: > 0 } s ? s : Path.GetFullPath(Path.Combine(root, "..", "shared"));
        var modelDir = BenchmarkModel.Ensure(root, shared);
        var texts = SciFactTexts.Load(shared);
        var requests = Enumerable.Range(0, 512).Select(r => (
            Query: texts.Queries[r % texts.Queries.Count],
            Passages: (IReadOnlyList<string>)Enumerable.Range(0, settings.Passages).Select(j => texts.Passages[((r * settings.Passages) + j) % texts.Passages.Count]).ToArray()))
            .ToArray();
        var serveDll = settings.ServeDll ?? Path.Combine(root, "src", "LuceneRerank.Serve", "bin", "Release", "net10.0", "lrr-serve.dll");
        Console.WriteLine($"model {modelDir} (MiniLM-L6-shaped, random weights), max length {settings.MaxLength}; SciFact requests of 1 query + {settings.Passages} passages");
        Console.WriteLine($"each cell: at most {settings.Seconds} s or {settings.MaxRequests} requests; concurrency {string.Join(", ", settings.Concurrency)}; {Environment.ProcessorCount} cores");
        Console.WriteLine($"load average at start: {LoadAverage()}");

        var results = new List<LoadResult>();
        var maxDiff = 0.0;
        using (var inProcess = Rerankers.Open(modelDir, new RerankerOpenOptions { MaxLength = settings.MaxLength }))
        {
            await inProcess.ScoreAsync(requests[0].Query, requests[0].Passages);
            var reference = await inProcess.ScoreAsync(requests[1].Query, requests[1].Passages);
            results.AddRange(await RunModeAsync("in-process", settings, r => inProcess.ScoreAsync(requests[r % requests.Length].Query, requests[r % requests.Length].Passages)));
            foreach (var batching in new[] { "on", "off" })
            {
                Console.WriteLine($"load average before lrr-serve --batching {batching}: {LoadAverage()}");
                using var server = await ServeProcess.StartAsync(serveDll,
                    ["--model", modelDir, "--port", "0", "--batching", batching, "--max-length", settings.MaxLength.ToString(CultureInfo.InvariantCulture)]);
                using var client = new HttpReranker(new HttpRerankerOptions
                {
                    Endpoint = new Uri(server.BaseAddress, "rerank"), Protocol = RerankProtocol.Tei, MaxDocumentsPerRequest = settings.Passages,
                    MaxParallelRequests = 1, MaxRetries = 0, Timeout = TimeSpan.FromMinutes(2),
                });
                var remote = await client.ScoreAsync(requests[1].Query, requests[1].Passages);
                maxDiff = Math.Max(maxDiff, remote.Zip(reference, (a, b) => Math.Abs(a - b)).Max());
                results.AddRange(await RunModeAsync($"lrr-serve batching {batching}", settings,
                    r => client.ScoreAsync(requests[r % requests.Length].Query, requests[r % requests.Length].Passages)));
            }
        }

        Console.WriteLine($"load average at end: {LoadAverage()}");
        Console.WriteLine($"largest score difference server vs in-process on a check request: {maxDiff:G3}");
        Report.Print(results, Console.Out);
        return results.Any(r => r.Errors > 0) ? 1 : 0;
    }

    private static async Task<List<LoadResult>> RunModeAsync(string mode, Settings settings, Func<int, Task<float[]>> score)
    {
        // Warm-up: a few requests at the highest concurrency, not measured.
        await LoadRunner.RunAsync(mode, Math.Min(4, settings.Concurrency.Max()), settings.Passages, TimeSpan.FromSeconds(1), 8, score);
        var results = new List<LoadResult>();
        foreach (var concurrency in settings.Concurrency)
        {
            var result = await LoadRunner.RunAsync(mode, concurrency, settings.Passages, TimeSpan.FromSeconds(settings.Seconds), settings.MaxRequests, score);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {mode,-24} c={concurrency,-3} {result.Requests,5} requests in {result.Elapsed.TotalSeconds:F1} s, {result.RequestsPerSecond,7:F1} req/s, p50 {result.Percentile(50):F0} ms, p99 {result.Percentile(99):F0} ms; load {LoadAverage()}"));
            results.Add(result);
        }

        return results;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LuceneRerank.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LuceneRerank.sln not found above " + AppContext.BaseDirectory);
    }
}
