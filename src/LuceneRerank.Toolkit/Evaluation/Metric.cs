using System.Globalization;

namespace LuceneRerank.Toolkit.Evaluation;

/// <summary>A metric with an optional cutoff, written <c>ndcg@10</c>, <c>mrr@10</c>, <c>recall@100</c>, <c>p@10</c>, <c>map</c>, <c>map@1000</c>.</summary>
/// <param name="Kind">The metric.</param>
/// <param name="Cutoff">Rank cutoff (null: the whole ranking; required for all but MAP and MRR).</param>
public sealed record Metric(MetricKind Kind, int? Cutoff)
{
    /// <summary>The metrics printed when none are asked for: <c>ndcg@10,mrr@10,recall@100,map</c>.</summary>
    public static IReadOnlyList<Metric> Defaults { get; } = ParseList("ndcg@10,mrr@10,recall@100,map");

    /// <summary>The metric's name as it is parsed and printed.</summary>
    public string Name => Kind switch
    {
        MetricKind.Ndcg => "ndcg",
        MetricKind.Mrr => "mrr",
        MetricKind.Recall => "recall",
        MetricKind.Precision => "p",
        MetricKind.Map => "map",
        _ => throw new InvalidOperationException(),
    } + (Cutoff is { } k ? "@" + k.ToString(CultureInfo.InvariantCulture) : string.Empty);

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Parses one metric name (case-insensitive).</summary>
    /// <exception cref="FormatException">Unknown metric, or a missing/invalid cutoff.</exception>
    public static Metric Parse(string text)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        var at = trimmed.IndexOf('@');
        var name = at < 0 ? trimmed : trimmed[..at];
        int? cutoff = null;
        if (at >= 0)
        {
            if (!int.TryParse(trimmed[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k <= 0)
            {
                throw new FormatException($"metric \"{text}\": the cutoff after '@' must be a positive integer");
            }

            cutoff = k;
        }

        var kind = name switch
        {
            "ndcg" or "ndcg_cut" => MetricKind.Ndcg,
            "mrr" or "recip_rank" => MetricKind.Mrr,
            "recall" or "r" => MetricKind.Recall,
            "p" or "precision" => MetricKind.Precision,
            "map" => MetricKind.Map,
            _ => throw new FormatException($"unknown metric \"{text}\" (known: ndcg@k, mrr[@k], recall@k, p@k, map[@k])"),
        };
        if (cutoff is null && kind is MetricKind.Ndcg or MetricKind.Recall or MetricKind.Precision)
        {
            throw new FormatException($"metric \"{text}\" needs a cutoff, e.g. {name}@10");
        }

        return new Metric(kind, cutoff);
    }

    /// <summary>Parses a comma-separated list of metric names.</summary>
    public static IReadOnlyList<Metric> ParseList(string text)
    {
        var metrics = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList();
        return metrics.Count > 0 ? metrics : throw new FormatException("no metric given");
    }
}
