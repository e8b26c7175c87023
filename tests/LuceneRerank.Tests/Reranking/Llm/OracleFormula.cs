namespace LuceneRerank.Tests.Reranking.Llm;

/// <summary>
/// The oracle models' scores computed directly from token ids (independent of ONNX): C[v] = occurrences of v so far,
/// R = pairs of equal tokens so far (see tests/generators/llm-test-models/generate.py).
/// </summary>
internal static class OracleFormula
{
    public const int Vocabulary = 151936;
    public const int Yes = 9693;
    public const int No = 2152;

    /// <summary>Pointwise score on the yes oracle: logit(yes) − logit(no) at the last token = C[yes] − C[no] + R.</summary>
    public static double Pointwise(IReadOnlyList<int> ids)
    {
        var counts = Counts(ids, ids.Count);
        var pairs = counts.Values.Sum(c => (long)c * (c - 1) / 2);
        return counts.GetValueOrDefault(Yes) - counts.GetValueOrDefault(No) + pairs;
    }

    /// <summary>Query likelihood on the copy oracle: mean (or sum) over t ≥ start of C_{&lt;t}[x_t] − log Σ_v exp C_{&lt;t}[v].</summary>
    public static double QueryLikelihood(IReadOnlyList<int> sequence, int start, bool mean)
    {
        var total = 0.0;
        for (var t = start; t < sequence.Count; t++)
        {
            var counts = Counts(sequence, t);
            var normaliser = counts.Values.Sum(c => Math.Exp(c)) + (Vocabulary - counts.Count);
            total += counts.GetValueOrDefault(sequence[t]) - Math.Log(normaliser);
        }

        return mean ? total / (sequence.Count - start) : total;
    }

    private static Dictionary<int, int> Counts(IReadOnlyList<int> ids, int length)
    {
        var counts = new Dictionary<int, int>();
        for (var i = 0; i < length; i++)
        {
            counts[ids[i]] = counts.GetValueOrDefault(ids[i]) + 1;
        }

        return counts;
    }
}
