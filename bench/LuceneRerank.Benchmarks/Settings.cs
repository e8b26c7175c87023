using System.Globalization;

namespace LuceneRerank.Benchmarks;

/// <summary>Command-line settings of the benchmark: <c>--name value</c> pairs, and <c>--fp16</c> as a flag.</summary>
internal sealed record Settings
{
    private static readonly HashSet<string> s_known =
    [
        "batch", "max-length", "rounds", "passages", "queries", "threads", "model",
        "provider", "device", "pairs", "top", "seconds", "scores-out", "json-out", "concurrency", "fp16",
        "colbert", "tops", "document-length",
    ];

    private static readonly HashSet<string> s_flags = ["fp16", "colbert"];

    /// <summary>Selects the ColBERT query-time vs cross-encoder comparison (ColBertBenchmark).</summary>
    public bool ColBert { get; init; }

    /// <summary>With <see cref="ColBert"/>: the top-K sizes reranked (default 100 and 1,000).</summary>
    public int[] Tops { get; init; } = [100, 1000];

    /// <summary>With <see cref="ColBert"/>: the ColBERT document length in tokens (default 256, the cross-encoder's max length).</summary>
    public int DocumentLength { get; init; } = 256;

    /// <summary>Pairs per <c>Run</c> (the token budget is batch × max length); null: 32 for the comparison, the provider's budget for the pipeline.</summary>
    public int? Batch { get; init; }

    public int MaxLength { get; init; } = 256;

    public int Rounds { get; init; } = 6;

    public int Passages { get; init; } = 100;

    public int Queries { get; init; } = 3;

    public int Threads { get; init; }

    public string? Model { get; init; }

    /// <summary><c>cpu</c> or <c>cuda</c>.</summary>
    public string Provider { get; init; } = "cpu";

    public int Device { get; init; }

    /// <summary>TSV of <c>query&lt;TAB&gt;passage</c> lines: selects the full-pipeline benchmark (bench/gpu/README.md's contract).</summary>
    public string? Pairs { get; init; }

    public int Top { get; init; } = 100;

    public double Seconds { get; init; } = 10;

    public string? ScoresOut { get; init; }

    public string? JsonOut { get; init; }

    /// <summary>Top-K reranks in flight at once for the throughput figure (one shared session).</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>Prefer <c>onnx/model_fp16.onnx</c> (see <c>CrossEncoderRerankerOptions.PreferFp16</c>).</summary>
    public bool Fp16 { get; init; }

    public static Settings Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || !s_known.Contains(args[i][2..]))
            {
                throw new ArgumentException($"unexpected argument '{args[i]}' (options: {string.Join(", ", s_known.Select(k => "--" + k))})");
            }

            var name = args[i][2..];
            if (s_flags.Contains(name))
            {
                values[name] = "true";
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{args[i]} needs a value");
            }

            values[name] = args[++i];
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? ParseInt(name, v) : fallback;
        var provider = values.GetValueOrDefault("provider", "cpu").ToLowerInvariant();
        if (provider is not ("cpu" or "cuda"))
        {
            throw new ArgumentException($"--provider must be cpu or cuda, not '{provider}'");
        }

        var settings = new Settings
        {
            Batch = values.TryGetValue("batch", out var b) ? ParseInt("batch", b) : null,
            MaxLength = Int("max-length", 256),
            Rounds = Int("rounds", 6),
            Passages = Int("passages", 100),
            Queries = Int("queries", 3),
            Threads = Int("threads", 0),
            Model = values.GetValueOrDefault("model"),
            Provider = provider,
            Device = Int("device", 0),
            Pairs = values.GetValueOrDefault("pairs"),
            Top = Int("top", 100),
            Seconds = values.TryGetValue("seconds", out var s) ? double.Parse(s, CultureInfo.InvariantCulture) : 10,
            ScoresOut = values.GetValueOrDefault("scores-out"),
            JsonOut = values.GetValueOrDefault("json-out"),
            Concurrency = Int("concurrency", 1),
            Fp16 = values.ContainsKey("fp16"),
            ColBert = values.ContainsKey("colbert"),
            Tops = values.TryGetValue("tops", out var tops) ? tops.Split(',').Select(t => ParseInt("tops", t)).ToArray() : [100, 1000],
            DocumentLength = Int("document-length", 256),
        };
        if (settings.Tops.Any(t => t < 1) || settings.DocumentLength < 8)
        {
            throw new ArgumentException("--tops needs positive sizes and --document-length at least 8");
        }

        if (settings.Top < 1 || settings.Concurrency < 1 || settings.MaxLength < 8 || settings.Batch is < 1 || settings.Seconds < 0)
        {
            throw new ArgumentException("--top, --concurrency and --batch must be at least 1, --max-length at least 8, --seconds not negative");
        }

        return settings;
    }

    private static int ParseInt(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new ArgumentException($"--{name} needs an integer, not '{value}'");
}
