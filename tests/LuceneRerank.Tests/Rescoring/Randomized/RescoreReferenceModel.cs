using LuceneRerank.Rescoring;

namespace LuceneRerank.Tests.Rescoring.Randomized;

/// <summary>
/// An independent, deliberately plain model of the rescorer's documented rules (src/LuceneRerank/Rescoring/README.md
/// and <see cref="NeuralRescorer"/>'s docs), computed in double precision: what a rescoring must return for a
/// <see cref="RandomRescoreCase"/>.
/// </summary>
internal static class RescoreReferenceModel
{
    public static ReferenceOutcome Expect(RandomRescoreCase c)
    {
        var n = c.Hits.Length;
        var windowSize = Math.Min(c.Window, n);
        var drop = c.BeyondWindow == BeyondWindowPolicy.Drop;

        // Empty hits or topN 0: empty result, the reranker is not called.
        if (n == 0 || c.TopN == 0)
        {
            return new ReferenceOutcome { CallsReranker = false, Ordered = drop ? windowSize : n, Returned = 0 };
        }

        // Linear and NormalizedLinear cannot combine NaN or infinite first-pass scores of the window.
        var fusion = c.Fusion;
        var window = c.Hits.Take(windowSize).ToArray();
        if (fusion.Mode is FusionMode.Linear or FusionMode.NormalizedLinear && window.Any(h => !float.IsFinite(h.Score)))
        {
            return new ReferenceOutcome { CallsReranker = false, Exception = typeof(ArgumentException) };
        }

        var ordered = drop ? windowSize : n;
        var returned = Math.Min(c.TopN, ordered);
        var failure = c.Behaviour switch
        {
            RandomRerankerBehaviour.Throws => (Type?)typeof(InvalidOperationException),
            RandomRerankerBehaviour.Scores => null,
            _ => typeof(InvalidRerankerOutputException),
        };
        if (failure is not null)
        {
            if (c.FailurePolicy == FailurePolicy.Throw)
            {
                return new ReferenceOutcome { CallsReranker = true, Exception = failure };
            }

            return new ReferenceOutcome
            {
                CallsReranker = true,
                Ordered = ordered,
                Returned = returned,
                Fallback = failure == typeof(InvalidOperationException) ? FallbackReason.RerankerFailed : FallbackReason.InvalidRerankerOutput,
                FailureType = failure,
            };
        }

        return new ReferenceOutcome
        {
            CallsReranker = true,
            Ordered = ordered,
            Returned = returned,
            Reranked = true,
            WindowScores = Fuse(fusion, window.Select(h => (double)h.Score).ToArray(), c.PlannedScores.Select(s => (double)s).ToArray()),
        };
    }

    /// <summary>The fused score of each window hit, in first-pass order.</summary>
    private static double[] Fuse(ScoreFusion fusion, double[] bm25, double[] model)
    {
        double w1 = fusion.FirstPassWeight, w2 = fusion.ModelWeight;
        switch (fusion.Mode)
        {
            case FusionMode.Replace:
                return model;
            case FusionMode.Linear:
                return bm25.Select((b, i) => (w1 * b) + (w2 * model[i])).ToArray();
            case FusionMode.NormalizedLinear:
                var nb = Normalize(bm25, fusion.Normalization);
                var nm = Normalize(model, fusion.Normalization);
                return nb.Select((b, i) => (w1 * b) + (w2 * nm[i])).ToArray();
            default:
                // 1-based ranks inside the window; the model's ties go to the better first-pass rank.
                var modelRank = new double[model.Length];
                for (var i = 0; i < model.Length; i++)
                {
                    var better = 0;
                    for (var j = 0; j < model.Length; j++)
                    {
                        if (model[j] > model[i] || (model[j] == model[i] && j < i))
                        {
                            better++;
                        }
                    }

                    modelRank[i] = better + 1;
                }

                return bm25.Select((_, i) => (w1 / (fusion.K + i + 1)) + (w2 / (fusion.K + modelRank[i]))).ToArray();
        }
    }

    private static double[] Normalize(double[] scores, ScoreNormalization normalization)
    {
        if (normalization == ScoreNormalization.MinMax)
        {
            var min = scores.Min();
            var max = scores.Max();
            return scores.Select(s => max > min ? (s - min) / (max - min) : 0.5).ToArray();
        }

        var mean = scores.Sum() / scores.Length;
        var sigma = Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / scores.Length);
        return scores.Select(s => sigma > 0 ? (s - mean) / sigma : 0).ToArray();
    }
}

/// <summary>What the reference model expects.</summary>
internal sealed class ReferenceOutcome
{
    public required bool CallsReranker { get; init; }

    /// <summary>The exception the rescoring must throw, or null.</summary>
    public Type? Exception { get; init; }

    /// <summary>How many hits are ordered (window, or all with Append).</summary>
    public int Ordered { get; init; }

    public int Returned { get; init; }

    public FallbackReason Fallback { get; init; } = FallbackReason.None;

    public Type? FailureType { get; init; }

    /// <summary>True when the model's scores are used.</summary>
    public bool Reranked { get; init; }

    /// <summary>The fused score of each window hit (first-pass order), when reranked.</summary>
    public double[] WindowScores { get; init; } = [];
}
