using LuceneRerank.Reranking;

namespace LuceneRerank.Tests.Reranking;

/// <summary>Budget batching: longest first, as many per batch as the budget allows, oversized ones alone.</summary>
public sealed class LengthBatchPlannerTests
{
    private static long Tokens(int batch, int length) => (long)batch * length;

    [Test]
    public void FillsEachBatchUpToTheBudgetLongestFirst()
    {
        var batches = LengthBatchPlanner.Plan([5, 100, 50, 7], Tokens, budgetBytes: 200, maxBatchSize: 32);
        Assert.That(batches, Is.EqualTo(new[] { new[] { 1, 2 }, new[] { 3, 0 } }));
    }

    [Test]
    public void SequenceOverTheBudgetRunsAloneAndTheCapHolds()
    {
        var batches = LengthBatchPlanner.Plan([500, 3, 3, 3], Tokens, budgetBytes: 100, maxBatchSize: 2);
        Assert.That(batches, Is.EqualTo(new[] { new[] { 0 }, new[] { 1, 2 }, new[] { 3 } }));
    }

    [Test]
    public void PaddedTokenBudgetCountsEveryRowAtTheLongestLength()
    {
        // Longest first: 9 and 8 would pad to 2 × 9 = 18 > 16, so 9 alone; 8 + 4 pad to 16, adding 3 to 3 × 8 = 24; then 3 + 1.
        var batches = LengthBatchPlanner.ByPaddedTokens([3, 9, 4, 8, 1], tokenBudget: 16);
        Assert.That(batches, Is.EqualTo(new[] { new[] { 1 }, new[] { 3, 2 }, new[] { 0, 4 } }));
    }
}
