using System.Globalization;

namespace LuceneRerank.LoadBench;

/// <summary>The benchmark's command line.</summary>
internal sealed record Settings
{
    public double Seconds { get; init; } = 5;

    public int MaxRequests { get; init; } = 2000;

    public int[] Concurrency { get; init; } = [1, 4, 16, 64];

    public int Passages { get; init; } = 8;

    public int MaxLength { get; init; } = 256;

    public string? ServeDll { get; init; }

    /// <exception cref="ArgumentException">An unknown option or a value out of range.</exception>
    public static Settings Parse(string[] args)
    {
        var settings = new Settings();
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            var c = CultureInfo.InvariantCulture;
            settings = args[i] switch
            {
                "--seconds" => settings with { Seconds = Positive(double.Parse(value, c), args[i]) },
                "--max-requests" => settings with { MaxRequests = (int)Positive(int.Parse(value, c), args[i]) },
                "--concurrency" => settings with { Concurrency = value.Split(',').Select(v => (int)Positive(int.Parse(v, c), args[i])).ToArray() },
                "--passages" => settings with { Passages = (int)Positive(int.Parse(value, c), args[i]) },
                "--max-length" => settings with { MaxLength = (int)Positive(int.Parse(value, c), args[i]) },
                "--serve-dll" => settings with { ServeDll = value },
                _ => throw new ArgumentException($"unknown option {args[i]} (--seconds, --max-requests, --concurrency, --passages, --max-length, --serve-dll)"),
            };
        }

        return settings;
    }

    private static double Positive(double value, string name) => value > 0 ? value : throw new ArgumentException($"{name} must be positive, not {value}");
}
