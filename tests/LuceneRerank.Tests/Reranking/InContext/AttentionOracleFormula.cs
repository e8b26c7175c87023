namespace LuceneRerank.Tests.Reranking.InContext;

/// <summary>
/// What the attention oracle (generate_icr.py) computes, written independently of the graph: in each of its 2 layers
/// and 1 head, row t attends to k ≤ t with weight exp(4·[id_t = id_k]) / Σ; a[k] = 2 × mean over query rows.
/// </summary>
internal static class AttentionOracleFormula
{
    private const double Beta = 4.0;
    private const int Layers = 2;

    public static double[] TokenAttention(int[] ids, int queryStart)
    {
        var attention = new double[ids.Length];
        var rows = ids.Length - queryStart;
        for (var t = queryStart; t < ids.Length; t++)
        {
            double total = 0;
            for (var k = 0; k <= t; k++)
            {
                total += Math.Exp(ids[k] == ids[t] ? Beta : 0);
            }

            for (var k = 0; k <= t; k++)
            {
                attention[k] += Layers * Math.Exp(ids[k] == ids[t] ? Beta : 0) / total / rows;
            }
        }

        return attention;
    }
}
