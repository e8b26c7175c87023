namespace LuceneRerank.Rescoring;

/// <summary>Computes fused scores for the hits of a window (in first-pass order), following a <see cref="ScoreFusion"/>.</summary>
internal static class ScoreFuser
{
    /// <summary>Fuses first-pass and model scores; both arrays are in first-pass order and have the same length.</summary>
    public static FusedScores Fuse(ScoreFusion fusion, float[] firstPass, float[] model)
    {
        if (firstPass.Length != model.Length)
        {
            throw new ArgumentException("First-pass and model scores must have the same length.", nameof(model));
        }

        var n = model.Length;
        var modelRank = RankDescending(model);
        var usedFirstPass = new float[n];
        var usedModel = new float[n];
        switch (fusion.Mode)
        {
            case FusionMode.Replace:
                Array.Fill(usedFirstPass, float.NaN);
                Array.Copy(model, usedModel, n);
                break;
            case FusionMode.Linear:
                Array.Copy(firstPass, usedFirstPass, n);
                Array.Copy(model, usedModel, n);
                break;
            case FusionMode.NormalizedLinear:
                Normalize(firstPass, usedFirstPass, fusion.Normalization);
                Normalize(model, usedModel, fusion.Normalization);
                break;
            case FusionMode.ReciprocalRank:
                for (var i = 0; i < n; i++)
                {
                    usedFirstPass[i] = (float)(1.0 / (fusion.K + (i + 1)));
                    usedModel[i] = (float)(1.0 / (fusion.K + modelRank[i]));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fusion), fusion.Mode, "Unknown fusion mode.");
        }

        var final = new float[n];
        for (var i = 0; i < n; i++)
        {
            final[i] = fusion.Mode == FusionMode.Replace
                ? usedModel[i]
                : (float)(((double)fusion.FirstPassWeight * usedFirstPass[i]) + ((double)fusion.ModelWeight * usedModel[i]));
        }

        return new FusedScores(usedFirstPass, usedModel, modelRank, final);
    }

    /// <summary>1-based ranks by descending score; equal scores keep their index order (first-pass rank).</summary>
    private static int[] RankDescending(float[] scores)
    {
        var order = Enumerable.Range(0, scores.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var byScore = scores[b].CompareTo(scores[a]);
            return byScore != 0 ? byScore : a.CompareTo(b);
        });
        var rank = new int[scores.Length];
        for (var position = 0; position < order.Length; position++)
        {
            rank[order[position]] = position + 1;
        }

        return rank;
    }

    private static void Normalize(float[] scores, float[] into, ScoreNormalization normalization)
    {
        if (scores.Length == 0)
        {
            return;
        }

        if (normalization == ScoreNormalization.MinMax)
        {
            double min = scores.Min();
            double max = scores.Max();
            var range = max - min;
            for (var i = 0; i < scores.Length; i++)
            {
                into[i] = range > 0 ? (float)((scores[i] - min) / range) : 0.5f;
            }

            return;
        }

        var mean = scores.Average(s => (double)s);
        var variance = scores.Average(s => (s - mean) * (s - mean));
        var sigma = Math.Sqrt(variance);
        for (var i = 0; i < scores.Length; i++)
        {
            into[i] = sigma > 0 ? (float)((scores[i] - mean) / sigma) : 0f;
        }
    }
}
