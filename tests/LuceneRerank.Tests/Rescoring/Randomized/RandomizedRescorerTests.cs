using System.Globalization;
using LuceneRerank.Rescoring;

namespace LuceneRerank.Tests.Rescoring.Randomized;

/// <summary>
/// Random first passes, options and reranker behaviours, each checked against <see cref="RescoreReferenceModel"/>.
/// CI runs the fixed case seeds 1 to 400. A longer or different run:
/// <c>LUCENERERANK_RANDOM_SEED=1000 LUCENERERANK_RANDOM_ITERATIONS=100000 dotnet test tests/LuceneRerank.Tests -c Release --filter FullyQualifiedName~RandomizedRescorerTests</c>
/// (case seeds 1000 to 100999). Every failure names its case seed; rerun it alone with
/// <c>LUCENERERANK_RANDOM_SEED=SEED LUCENERERANK_RANDOM_ITERATIONS=1</c>.
/// </summary>
public sealed class RandomizedRescorerTests
{
    private const int DefaultFirstSeed = 1;
    private const int DefaultIterations = 400;

    [Test]
    public async Task Random_rescorings_follow_the_documented_rules()
    {
        var first = EnvironmentInt("LUCENERERANK_RANDOM_SEED", DefaultFirstSeed);
        var iterations = EnvironmentInt("LUCENERERANK_RANDOM_ITERATIONS", DefaultIterations);
        using var index = TestIndex.WithTexts(Enumerable.Range(0, RandomRescoreCaseGenerator.IndexSize).Select(Text).ToArray());
        var failures = new List<string>();
        for (var seed = first; seed < first + iterations && failures.Count < 10; seed++)
        {
            var randomCase = RandomRescoreCaseGenerator.Generate(seed);
            string? problem;
            try
            {
                problem = await CheckAsync(index, randomCase);
            }
            catch (Exception e)
            {
                problem = $"unexpected {e.GetType().Name}: {e.Message}";
            }

            if (problem is not null)
            {
                failures.Add($"{randomCase}: {problem}\n  rerun: LUCENERERANK_RANDOM_SEED={seed} LUCENERERANK_RANDOM_ITERATIONS=1 " +
                             "dotnet test tests/LuceneRerank.Tests -c Release --filter FullyQualifiedName~RandomizedRescorerTests");
            }
        }

        TestContext.Out.WriteLine($"random rescorings: case seeds {first} to {first + iterations - 1}");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    private static string Text(int doc) => $"doc {doc}";

    private static int EnvironmentInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;

    /// <summary>Runs one case; returns what differs from the reference model, or null.</summary>
    private static async Task<string?> CheckAsync(TestIndex index, RandomRescoreCase c)
    {
        var expected = RescoreReferenceModel.Expect(c);
        var reranker = c.CandidateReranker ? new RandomCandidateReranker(c) : new RandomReranker(c);
        var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions
        {
            Window = c.Window, Fusion = c.Fusion, BeyondWindow = c.BeyondWindow, FailurePolicy = c.FailurePolicy,
        });
        var input = c.ToTopDocs();

        RescoreResult? result = null;
        Exception? thrown = null;
        try
        {
            result = await rescorer.RescoreAsync(index.Searcher, input, "query", c.TopN);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            thrown = e;
        }

        var untouched = c.ToTopDocs();
        for (var i = 0; i < c.Hits.Length; i++)
        {
            if (input.ScoreDocs[i].Doc != untouched.ScoreDocs[i].Doc || !SameFloat(input.ScoreDocs[i].Score, untouched.ScoreDocs[i].Score))
            {
                return $"the caller's ScoreDoc {i} was changed";
            }
        }

        if ((reranker.CallCount == 1) != expected.CallsReranker || reranker.CallCount > 1)
        {
            return $"reranker called {reranker.CallCount} time(s), expected {(expected.CallsReranker ? 1 : 0)}";
        }

        if (expected.CallsReranker && CheckPassages(c, reranker) is { } passageProblem)
        {
            return passageProblem;
        }

        if (expected.Exception is not null)
        {
            if (thrown is null || thrown.GetType() != expected.Exception)
            {
                return $"expected {expected.Exception.Name}, got {(thrown is null ? "a result" : thrown.GetType().Name + ": " + thrown.Message)}";
            }

            return expected.Exception == typeof(InvalidOperationException) && !ReferenceEquals(thrown, reranker.Thrown)
                ? $"the reranker's exception did not propagate unchanged: {thrown}"
                : null;
        }

        if (thrown is not null)
        {
            return $"unexpected {thrown.GetType().Name}: {thrown.Message}";
        }

        return CheckResult(c, expected, result!);
    }

    private static string? CheckPassages(RandomRescoreCase c, RandomReranker reranker)
    {
        var windowSize = Math.Min(c.Window, c.Hits.Length);
        var expectedTexts = c.Hits.Take(windowSize).Select(h => Text(h.Doc)).ToArray();
        if (!reranker.Passages!.SequenceEqual(expectedTexts))
        {
            return "the reranker did not get the window's passages in first-pass order";
        }

        if (reranker is RandomCandidateReranker candidateReranker)
        {
            var candidates = candidateReranker.Candidates!;
            for (var i = 0; i < windowSize; i++)
            {
                if (candidates[i].FirstStageRank != i || !SameFloat(candidates[i].FirstStageScore, c.Hits[i].Score))
                {
                    return $"candidate {i} has first-stage rank {candidates[i].FirstStageRank} and score {candidates[i].FirstStageScore}";
                }
            }
        }

        return null;
    }

    private static string? CheckResult(RandomRescoreCase c, ReferenceOutcome expected, RescoreResult result)
    {
        var top = result.TopDocs;
        if (top.TotalHits != c.TotalHits)
        {
            return $"TotalHits {top.TotalHits}, expected {c.TotalHits}";
        }

        if (result.FallbackReason != expected.Fallback)
        {
            return $"fallback {result.FallbackReason}, expected {expected.Fallback}";
        }

        if (expected.FailureType is not null && result.Failure?.GetType() != expected.FailureType)
        {
            return $"Failure {result.Failure?.GetType().Name}, expected {expected.FailureType.Name}";
        }

        if (top.ScoreDocs.Length != expected.Returned)
        {
            return $"{top.ScoreDocs.Length} hits returned, expected {expected.Returned}";
        }

        // The actual ordering, as first-pass ranks with their final scores.
        var order = result.Hits.Where(h => h.FinalRank is not null).OrderBy(h => h.FinalRank).ToArray();
        if (order.Length != expected.Ordered || order.Select(h => h.FinalRank!.Value).Where((r, i) => r != i).Any())
        {
            return $"{order.Length} hits ordered (ranks {string.Join(",", order.Select(h => h.FinalRank))}), expected {expected.Ordered}";
        }

        var windowSize = Math.Min(c.Window, c.Hits.Length);
        var problem = expected.Reranked ? CheckReranked(c, expected, order, windowSize) : CheckFirstPassOrder(c, order);
        if (problem is not null)
        {
            return problem;
        }

        for (var p = 0; p < top.ScoreDocs.Length; p++)
        {
            var hit = c.Hits[order[p].FirstPassRank];
            var scoreDoc = top.ScoreDocs[p];
            if (scoreDoc.Doc != hit.Doc || scoreDoc.ShardIndex != hit.ShardIndex || !SameFloat(scoreDoc.Score, order[p].FinalScore!.Value))
            {
                return $"returned hit {p} is ({scoreDoc.Doc}, shard {scoreDoc.ShardIndex}, {scoreDoc.Score}), expected " +
                       $"({hit.Doc}, shard {hit.ShardIndex}, {order[p].FinalScore})";
            }
        }

        var numbers = top.ScoreDocs.Select(s => s.Score).Where(s => !float.IsNaN(s)).ToArray();
        var maxScore = numbers.Length == 0 ? float.NaN : numbers.Max();
        return SameFloat(top.MaxScore, maxScore) ? null : $"MaxScore {top.MaxScore}, expected {maxScore}";
    }

    /// <summary>Fallback: the first-pass order and scores.</summary>
    private static string? CheckFirstPassOrder(RandomRescoreCase c, RescoredHit[] order)
    {
        for (var i = 0; i < order.Length; i++)
        {
            if (order[i].FirstPassRank != i || !SameFloat(order[i].FinalScore!.Value, c.Hits[i].Score))
            {
                return $"fallback position {i} holds first-pass rank {order[i].FirstPassRank} with {order[i].FinalScore}";
            }
        }

        return null;
    }

    private static string? CheckReranked(RandomRescoreCase c, ReferenceOutcome expected, RescoredHit[] order, int windowSize)
    {
        var reference = expected.WindowScores;
        for (var p = 0; p < windowSize; p++)
        {
            var rank = order[p].FirstPassRank;
            if (rank >= windowSize)
            {
                return $"position {p} holds first-pass rank {rank}, outside the window of {windowSize}";
            }

            var actual = order[p].FinalScore!.Value;
            if (!Close(actual, reference[rank]))
            {
                return $"first-pass rank {rank} scored {actual}, the reference says {reference[rank]}";
            }

            if (p == 0)
            {
                continue;
            }

            // Descending; exact ties by first-pass rank; the reference may only differ inside rounding.
            var before = order[p - 1];
            var beforeScore = before.FinalScore!.Value;
            if (beforeScore < actual || (beforeScore == actual && before.FirstPassRank > rank))
            {
                return $"positions {p - 1} and {p} are out of order ({beforeScore} at rank {before.FirstPassRank}, {actual} at rank {rank})";
            }

            if (reference[before.FirstPassRank] < reference[rank] && !Close(reference[before.FirstPassRank], reference[rank]))
            {
                return $"position {p - 1} (reference {reference[before.FirstPassRank]}) precedes a better hit (reference {reference[rank]})";
            }
        }

        // Append: the rest in first-pass order, strictly below the lowest reranked score: −1, −2, … or the next smaller float.
        var previous = windowSize > 0 ? order[windowSize - 1].FinalScore!.Value : float.NaN;
        var floor = previous;
        for (var p = windowSize; p < order.Length; p++)
        {
            var below = (float)(floor - (double)(p - windowSize + 1));
            var expectedScore = below < previous ? below : MathF.BitDecrement(previous);
            if (order[p].FirstPassRank != p || !SameFloat(order[p].FinalScore!.Value, expectedScore) || !(expectedScore < previous))
            {
                return $"beyond-window position {p} holds rank {order[p].FirstPassRank} scoring {order[p].FinalScore}, expected " +
                       $"rank {p} scoring {expectedScore} (strictly below {previous})";
            }

            previous = expectedScore;
        }

        return null;
    }

    private static bool Close(double actual, double reference) =>
        actual == reference || Math.Abs(actual - reference) <= 1e-5 * Math.Max(1, Math.Abs(reference));

    private static bool SameFloat(float a, float b) => a.Equals(b); // NaN equals NaN
}
