using LuceneRerank.Reranking.Llm;

namespace LuceneRerank.Tests.Reranking.Llm;

/// <summary>Memory-budget batching: longest first, as many per batch as the budget allows, oversized ones alone.</summary>
public sealed class DecoderBatchPlannerTests
{
    private static long Tokens(int batch, int length) => (long)batch * length;

    [Test]
    public void FillsEachBatchUpToTheBudgetLongestFirst()
    {
        var batches = DecoderBatchPlanner.Plan([5, 100, 50, 7], Tokens, budgetBytes: 200, maxBatchSize: 32);
        Assert.That(batches, Is.EqualTo(new[] { new[] { 1, 2 }, new[] { 3, 0 } }));
    }

    [Test]
    public void SequenceOverTheBudgetRunsAloneAndTheCapHolds()
    {
        var batches = DecoderBatchPlanner.Plan([500, 3, 3, 3], Tokens, budgetBytes: 100, maxBatchSize: 2);
        Assert.That(batches, Is.EqualTo(new[] { new[] { 0 }, new[] { 1, 2 }, new[] { 3 } }));
    }
}
