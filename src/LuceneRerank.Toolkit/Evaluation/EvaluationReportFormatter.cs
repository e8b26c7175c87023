using System.Globalization;

namespace LuceneRerank.Toolkit.Evaluation;

/// <summary>
/// Prints an <see cref="EvaluationReport"/>: one line per metric, <c>name&lt;TAB&gt;value</c> with 4 decimals, then,
/// when asked, one line per query and metric: <c>name&lt;TAB&gt;qid&lt;TAB&gt;value</c>.
/// </summary>
public static class EvaluationReportFormatter
{
    /// <summary>Writes the report.</summary>
    public static void Write(TextWriter writer, EvaluationReport report, bool perQuery = false)
    {
        for (var i = 0; i < report.Metrics.Count; i++)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{report.Metrics[i].Name}\t{report.Means[i]:F4}\n"));
        }

        if (!perQuery)
        {
            return;
        }

        foreach (var queryId in report.QueryIds)
        {
            var values = report.PerQuery[queryId];
            for (var i = 0; i < report.Metrics.Count; i++)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{report.Metrics[i].Name}\t{queryId}\t{values[i]:F4}\n"));
            }
        }
    }
}
