namespace LuceneRerank.LoadBench;

/// <summary>One measured cell: a mode at one concurrency.</summary>
internal sealed record LoadResult(string Mode, int Concurrency, int Requests, int Errors, TimeSpan Elapsed, int PairsPerRequest, double[] LatenciesMs)
{
    /// <summary>Requests answered per second.</summary>
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    /// <summary>Pairs scored per second.</summary>
    public double PairsPerSecond => RequestsPerSecond * PairsPerRequest;

    /// <summary>The latency below which <paramref name="percent"/> % of requests finished (nearest rank).</summary>
    public double Percentile(double percent)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var sorted = LatenciesMs.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
