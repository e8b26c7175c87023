using LuceneRerank.Reranking;

namespace LuceneRerank.Tests.Reranking;

/// <summary>
/// The one batch planner: longest first, as many per batch as every limit allows, every item exactly once, and an item
/// that alone exceeds a limit alone.
/// </summary>
public sealed class LengthBatchPlannerTests
{
    [Test]
    public void FillsEachBatchUpToTheBudgetLongestFirst()
    {
        var batches = LengthBatchPlanner.Plan([5, 100, 50, 7], new BatchLimits(200) { MaxBatchSize = 32 });
        Assert.That(batches, Is.EqualTo(new[] { new[] { 1, 2 }, new[] { 3, 0 } }));
    }

    [Test]
    public void SequenceOverTheBudgetRunsAloneAndTheCapHolds()
    {
        var batches = LengthBatchPlanner.Plan([500, 3, 3, 3], new BatchLimits(100) { MaxBatchSize = 2 });
        Assert.That(batches, Is.EqualTo(new[] { new[] { 0 }, new[] { 1, 2 }, new[] { 3 } }));
    }

    [Test]
    public void PaddedTokenBudgetCountsEveryRowAtTheLongestLength()
    {
        // Longest first: 9 and 8 would pad to 2 × 9 = 18 > 16, so 9 alone; 8 + 4 pad to 16, adding 3 to 3 × 8 = 24; then 3 + 1.
        var batches = LengthBatchPlanner.Plan([3, 9, 4, 8, 1], new BatchLimits(16));
        Assert.That(batches, Is.EqualTo(new[] { new[] { 1 }, new[] { 3, 2 }, new[] { 0, 4 } }));
    }

    [Test]
    public void ExtraCostLimitSplitsBatchesTheTokenBudgetWouldAllow()
    {
        // Tokens allow 4 × 10; a cost of rows² (say, memory growing faster than tokens) capped at 4 allows 2 rows.
        var limits = new BatchLimits(1000) { EstimateCost = (rows, _) => (long)rows * rows, CostBudget = 4 };
        var batches = LengthBatchPlanner.Plan([10, 10, 10, 10, 10], limits);
        Assert.That(batches, Is.EqualTo(new[] { new[] { 0, 1 }, new[] { 2, 3 }, new[] { 4 } }));
    }

    [Test]
    public void EmptyInputGivesNoBatches()
    {
        Assert.That(LengthBatchPlanner.Plan([], new BatchLimits(1)), Is.Empty);
    }

    [Test]
    public void BudgetBelowOneIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BatchLimits(0));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public void EveryItemOnceNoBatchOverItsLimitsUnlessAloneLongestFirst(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var lengths = Enumerable.Range(0, random.Next(0, 60)).Select(_ => random.Next(1, 600)).ToArray();
            var limits = new BatchLimits(random.Next(1, 4000))
            {
                MaxBatchSize = random.Next(0, 3) == 0 ? random.Next(1, 8) : int.MaxValue,
                EstimateCost = (rows, length) => (long)rows * length * length,
                CostBudget = random.Next(0, 2) == 0 ? random.Next(1, 2_000_000) : long.MaxValue,
            };
            var batches = LengthBatchPlanner.Plan(lengths, limits);

            var seen = batches.SelectMany(b => b).ToArray();
            Assert.That(seen.Order(), Is.EqualTo(Enumerable.Range(0, lengths.Length)), "every index exactly once");
            var flattened = seen.Select(i => lengths[i]).ToArray();
            Assert.That(flattened, Is.Ordered.Descending, "longest first across batches");
            foreach (var batch in batches)
            {
                var longest = batch.Max(i => lengths[i]);
                Assert.That(lengths[batch[0]], Is.EqualTo(longest), "a batch pads to its first item");
                Assert.That(batch.Length == 1 || limits.Fits(batch.Length, longest), Is.True,
                    $"batch of {batch.Length} × {longest} over its limits (tokens {limits.TokenBudget}, rows {limits.MaxBatchSize}, cost {limits.CostBudget})");
            }

            for (var b = 0; b + 1 < batches.Count; b++)
            {
                var longest = lengths[batches[b][0]];
                Assert.That(limits.Fits(batches[b].Length + 1, longest), Is.False, "a batch is as full as its limits allow");
            }
        }
    }
}
