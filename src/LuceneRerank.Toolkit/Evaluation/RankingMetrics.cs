namespace LuceneRerank.Toolkit.Evaluation;

/// <summary>
/// Metric functions over one query's ranking, following trec_eval. Inputs are the grades of the retrieved documents in
/// rank order (0 for unjudged) and the grades of all judged documents of the query.
/// </summary>
public static class RankingMetrics
{
    /// <summary>
    /// nDCG@k as trec_eval's <c>ndcg_cut</c>: gain = grade (linear; grades ≤ 0 give nothing), discount log2(rank + 1),
    /// ideal = all judged grades sorted descending. 0 when the query has no document with a positive grade.
    /// The relevance threshold does not apply: every positive grade counts.
    /// </summary>
    public static double Ndcg(IReadOnlyList<int> rankedGrades, IEnumerable<int> judgedGrades, int k)
    {
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, rankedGrades.Count); i++)
        {
            if (rankedGrades[i] > 0)
            {
                dcg += rankedGrades[i] / Math.Log2(i + 2);
            }
        }

        var ideal = 0.0;
        var rank = 0;
        foreach (var grade in judgedGrades.Where(g => g > 0).OrderDescending().Take(k))
        {
            ideal += grade / Math.Log2(rank + 2);
            rank++;
        }

        return ideal > 0 ? dcg / ideal : 0.0;
    }

    /// <summary>1 / rank of the first document with grade ≥ <paramref name="threshold"/> within the top <paramref name="k"/> (null: all); 0 if none.</summary>
    public static double ReciprocalRank(IReadOnlyList<int> rankedGrades, int threshold, int? k = null)
    {
        var limit = Math.Min(k ?? int.MaxValue, rankedGrades.Count);
        for (var i = 0; i < limit; i++)
        {
            if (rankedGrades[i] >= threshold)
            {
                return 1.0 / (i + 1);
            }
        }

        return 0.0;
    }

    /// <summary>Relevant documents (grade ≥ threshold) in the top k over all relevant judged documents; 0 when there are none.</summary>
    public static double Recall(IReadOnlyList<int> rankedGrades, int relevantCount, int threshold, int k)
    {
        if (relevantCount == 0)
        {
            return 0.0;
        }

        return (double)CountRelevant(rankedGrades, threshold, k) / relevantCount;
    }

    /// <summary>Relevant documents in the top k over k (trec_eval divides by k even when fewer were retrieved).</summary>
    public static double Precision(IReadOnlyList<int> rankedGrades, int threshold, int k) =>
        (double)CountRelevant(rankedGrades, threshold, k) / k;

    /// <summary>
    /// Average precision: the sum of precision at each relevant retrieved document (within the top k; null: all) over
    /// the number of relevant judged documents; 0 when there are none.
    /// </summary>
    public static double AveragePrecision(IReadOnlyList<int> rankedGrades, int relevantCount, int threshold, int? k = null)
    {
        if (relevantCount == 0)
        {
            return 0.0;
        }

        var limit = Math.Min(k ?? int.MaxValue, rankedGrades.Count);
        var found = 0;
        var sum = 0.0;
        for (var i = 0; i < limit; i++)
        {
            if (rankedGrades[i] >= threshold)
            {
                found++;
                sum += (double)found / (i + 1);
            }
        }

        return sum / relevantCount;
    }

    private static int CountRelevant(IReadOnlyList<int> rankedGrades, int threshold, int k)
    {
        var count = 0;
        for (var i = 0; i < Math.Min(k, rankedGrades.Count); i++)
        {
            if (rankedGrades[i] >= threshold)
            {
                count++;
            }
        }

        return count;
    }
}
