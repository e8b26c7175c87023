using System.Globalization;

namespace LuceneRerank.LoadBench;

/// <summary>Prints the results as one Markdown table with ratios to the in-process single-caller throughput.</summary>
internal static class Report
{
    public static void Print(IReadOnlyList<LoadResult> results, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var baseline = results.FirstOrDefault(r => r.Mode == "in-process" && r.Concurrency == 1) ?? results[0];
        output.WriteLine();
        output.WriteLine("| mode | concurrency | requests | req/s | pairs/s | p50 ms | p95 ms | p99 ms | p99/p50 | req/s ÷ in-process c=1 |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(c,
                $"| {r.Mode} | {r.Concurrency} | {r.Requests}{(r.Errors > 0 ? $" ({r.Errors} errors)" : "")} | {r.RequestsPerSecond:F1} | {r.PairsPerSecond:F0} | {r.Percentile(50):F0} | {r.Percentile(95):F0} | {r.Percentile(99):F0} | {r.Percentile(99) / r.Percentile(50):F2} | {r.RequestsPerSecond / baseline.RequestsPerSecond:F2} |"));
        }

        if (results.FirstOrDefault(r => r.Mode == "lrr-serve batching on" && r.Concurrency == 16) is { } target)
        {
            output.WriteLine();
            output.WriteLine(string.Create(c,
                $"target (batching on, c=16): throughput {target.RequestsPerSecond / baseline.RequestsPerSecond:F2}x in-process c=1 (want >= 1), p99/p50 {target.Percentile(99) / target.Percentile(50):F2} (want <= 3)"));
        }
    }
}
