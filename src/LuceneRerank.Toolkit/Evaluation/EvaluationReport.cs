namespace LuceneRerank.Toolkit.Evaluation;

/// <summary>The result of an evaluation: per-query values and their means.</summary>
/// <param name="Metrics">The metrics, in the order asked for.</param>
/// <param name="Means">The mean of each metric over <see cref="QueryIds"/>, in the order of <see cref="Metrics"/>.</param>
/// <param name="QueryIds">The queries averaged over, in ordinal order of their ids.</param>
/// <param name="PerQuery">Values per query id, in the order of <see cref="Metrics"/>.</param>
/// <param name="QueriesWithoutResults">Judged queries the run does not answer (counted as zero with -c).</param>
public sealed record EvaluationReport(
    IReadOnlyList<Metric> Metrics,
    IReadOnlyList<double> Means,
    IReadOnlyList<string> QueryIds,
    IReadOnlyDictionary<string, IReadOnlyList<double>> PerQuery,
    int QueriesWithoutResults)
{
    /// <summary>The mean of one metric.</summary>
    /// <exception cref="KeyNotFoundException">The metric was not evaluated.</exception>
    public double Mean(Metric metric)
    {
        for (var i = 0; i < Metrics.Count; i++)
        {
            if (Metrics[i] == metric)
            {
                return Means[i];
            }
        }

        throw new KeyNotFoundException($"metric {metric.Name} was not evaluated");
    }

    /// <summary>The mean of one metric, by name (e.g. <c>ndcg@10</c>).</summary>
    public double Mean(string metricName) => Mean(Metric.Parse(metricName));
}
