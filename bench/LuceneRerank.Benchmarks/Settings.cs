using System.Globalization;

namespace LuceneRerank.Benchmarks;

/// <summary>Command-line settings of the benchmark.</summary>
internal sealed record Settings(int Batch, int MaxLength, int Rounds, int Passages, int Queries, int Threads, string? Model)
{
    public static Settings Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }

            values[args[i][2..]] = args[i + 1];
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Settings(Int("batch", 32), Int("max-length", 256), Int("rounds", 6), Int("passages", 100), Int("queries", 3), Int("threads", 0),
            values.GetValueOrDefault("model"));
    }
}
