using LuceneRerank.Rescoring;

namespace LuceneRerank.Tests.Rescoring.Randomized;

/// <summary>
/// Builds a <see cref="RandomRescoreCase"/> from a seed: empty, small and huge first passes; tied, NaN, large and
/// tiny scores; duplicate doc ids; shard indexes; windows and topN below, at and above the hit count; every fusion,
/// policy and reranker behaviour.
/// </summary>
internal static class RandomRescoreCaseGenerator
{
    /// <summary>Documents in the test index; doc ids are drawn from 0 to this − 1, so larger first passes repeat ids.</summary>
    public const int IndexSize = 64;

    public static RandomRescoreCase Generate(int seed)
    {
        var random = new Random(seed);
        var count = random.Next(10) switch
        {
            0 => 0,
            1 => random.Next(1000, 3000),
            < 5 => random.Next(1, 5),
            _ => random.Next(1, 80),
        };
        var scoreStyle = random.Next(5);
        var hits = new FirstPassEntry[count];
        var descending = random.Next(3) > 0;
        for (var i = 0; i < count; i++)
        {
            var score = FirstPassScore(random, scoreStyle, descending ? count - i : random.Next(count + 1));
            var doc = random.Next(4) == 0 && i > 0 ? hits[random.Next(i)].Doc : random.Next(IndexSize);
            var shard = random.Next(3) == 0 ? random.Next(-1, 4) : -1;
            hits[i] = new FirstPassEntry(doc, score, shard);
        }

        var window = random.Next(4) switch
        {
            0 => 1,
            1 => Math.Max(1, count),
            2 => count + random.Next(1, 50),
            _ => random.Next(1, Math.Max(2, count + 1)),
        };
        var topN = random.Next(5) switch
        {
            0 => 0,
            1 => count + random.Next(1, 20),
            2 => Math.Min(window, count),
            _ => random.Next(0, count + 2),
        };
        var behaviour = random.Next(10) switch
        {
            < 6 => RandomRerankerBehaviour.Scores,
            6 => RandomRerankerBehaviour.Throws,
            7 => RandomRerankerBehaviour.WrongCount,
            8 => RandomRerankerBehaviour.NonFinite,
            _ => RandomRerankerBehaviour.Null,
        };
        var windowSize = Math.Min(window, count);
        var modelStyle = random.Next(3);
        var planned = new float[windowSize];
        for (var i = 0; i < windowSize; i++)
        {
            planned[i] = modelStyle switch
            {
                0 => random.Next(-3, 4),                                   // many ties
                1 => (float)Math.Round((random.NextDouble() * 20) - 10, 3), // few ties
                _ => random.Next(2) * 1e6f,                                // two far-apart values
            };
        }

        return new RandomRescoreCase(
            seed,
            hits,
            count + random.Next(0, 1000),
            window,
            topN,
            Fusion(random),
            random.Next(2) == 0 ? BeyondWindowPolicy.Append : BeyondWindowPolicy.Drop,
            random.Next(2) == 0 ? FailurePolicy.Throw : FailurePolicy.FallBackToFirstPass,
            behaviour,
            random.Next(4) == 0,
            planned);
    }

    private static float FirstPassScore(Random random, int style, int rank) => style switch
    {
        0 => rank,                                                     // strictly by position (or shuffled)
        1 => random.Next(0, 4),                                        // heavy ties
        2 => random.Next(8) == 0 ? float.NaN : (float)(random.NextDouble() * 30),
        3 => float.NaN,                                                // a search sorted by field, without scores
        _ => random.Next(5) switch { 0 => 1e30f, 1 => -1e30f, 2 => float.PositiveInfinity, 3 => float.NegativeInfinity, _ => 1e-30f * rank }, // magnitudes at float precision's edges
    };

    private static ScoreFusion Fusion(Random random)
    {
        float Weight() => new[] { 0f, 0.5f, 1f, 2f, 0.3f }[random.Next(5)];
        return random.Next(5) switch
        {
            0 => ScoreFusion.Replace,
            1 => ScoreFusion.Linear(Weight(), Weight()),
            2 => ScoreFusion.NormalizedLinear(ScoreNormalization.MinMax, Weight(), Weight()),
            3 => ScoreFusion.NormalizedLinear(ScoreNormalization.ZScore, Weight(), Weight()),
            _ => ScoreFusion.ReciprocalRank(new[] { 0f, 1f, 60f }[random.Next(3)], Weight(), Weight()),
        };
    }
}
