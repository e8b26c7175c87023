using LuceneRerank.Toolkit.Trec;

namespace LuceneRerank.Toolkit.Evaluation;

/// <summary>
/// Scores a TREC run against qrels following trec_eval's conventions: each query's entries are re-sorted by score
/// descending, ties broken by document id descending (byte order), as trec_eval does (the rank column is ignored);
/// unjudged documents have grade 0; with <see cref="EvaluationOptions.CompleteQueries"/> (<c>-c</c>) every judged query
/// counts and one without results scores zero; queries in the run but not in the qrels are ignored.
/// </summary>
public static class TrecEvaluator
{
    /// <summary>Evaluates the run.</summary>
    /// <param name="qrels">The judgements.</param>
    /// <param name="run">The run.</param>
    /// <param name="metrics">The metrics to compute.</param>
    /// <param name="options">Threshold and <c>-c</c> (null: defaults).</param>
    public static EvaluationReport Evaluate(Qrels qrels, TrecRun run, IReadOnlyList<Metric> metrics, EvaluationOptions? options = null)
    {
        options ??= new EvaluationOptions();
        var queryIds = qrels.QueryIds
            .Where(q => options.CompleteQueries || run.Contains(q))
            .OrderBy(q => q, StringComparer.Ordinal)
            .ToList();
        var perQuery = new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
        var sums = new double[metrics.Count];
        var withoutResults = 0;
        foreach (var queryId in queryIds)
        {
            if (!run.Contains(queryId))
            {
                withoutResults++;
            }

            var values = EvaluateQuery(qrels[queryId], run[queryId], metrics, options.RelevanceThreshold);
            perQuery[queryId] = values;
            for (var i = 0; i < values.Length; i++)
            {
                sums[i] += values[i];
            }
        }

        var means = sums.Select(s => queryIds.Count > 0 ? s / queryIds.Count : 0.0).ToList();
        return new EvaluationReport(metrics, means, queryIds, perQuery, withoutResults);
    }

    /// <summary>Orders a query's run entries as trec_eval does: score descending, then document id descending (ordinal).</summary>
    public static IReadOnlyList<TrecRunEntry> SortAsTrecEval(IEnumerable<TrecRunEntry> entries) =>
        entries.OrderByDescending(e => e.Score).ThenByDescending(e => e.DocumentId, StringComparer.Ordinal).ToList();

    /// <summary>Computes the metrics of one query.</summary>
    /// <param name="judgements">The query's judgements (document id to grade).</param>
    /// <param name="entries">The query's run entries, in any order.</param>
    /// <param name="metrics">The metrics.</param>
    /// <param name="relevanceThreshold">Minimum grade that counts as relevant for binary metrics.</param>
    public static double[] EvaluateQuery(
        IReadOnlyDictionary<string, int> judgements, IEnumerable<TrecRunEntry> entries, IReadOnlyList<Metric> metrics, int relevanceThreshold)
    {
        var grades = SortAsTrecEval(entries)
            .Select(e => judgements.TryGetValue(e.DocumentId, out var g) ? g : 0)
            .ToList();
        var relevantCount = judgements.Values.Count(g => g >= relevanceThreshold && g > 0);
        var threshold = Math.Max(1, relevanceThreshold);
        var values = new double[metrics.Count];
        for (var i = 0; i < metrics.Count; i++)
        {
            var m = metrics[i];
            values[i] = m.Kind switch
            {
                MetricKind.Ndcg => RankingMetrics.Ndcg(grades, judgements.Values, m.Cutoff!.Value),
                MetricKind.Mrr => RankingMetrics.ReciprocalRank(grades, threshold, m.Cutoff),
                MetricKind.Recall => RankingMetrics.Recall(grades, relevantCount, threshold, m.Cutoff!.Value),
                MetricKind.Precision => RankingMetrics.Precision(grades, threshold, m.Cutoff!.Value),
                MetricKind.Map => RankingMetrics.AveragePrecision(grades, relevantCount, threshold, m.Cutoff),
                _ => throw new InvalidOperationException(),
            };
        }

        return values;
    }
}
