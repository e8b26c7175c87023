using LuceneRerank.Onnx;
using LuceneRerank.Reranking;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Reranking;

/// <summary>
/// The cross-encoder batches by the one budget rule: the provider's default when nothing is set, the runtime option,
/// else its own <see cref="CrossEncoderRerankerOptions.MaxTokensPerBatch"/>; counted in calls and batch sizes.
/// </summary>
public sealed class CrossEncoderRerankerBudgetTests
{
    private const string Query = "how do cells divide?";
    private const string Passage = "cells divide by mitosis after copying their chromosomes";

    [Test]
    public void NothingSetTakesTheCpuDefault()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        Assert.That(reranker.TokenBudget, Is.EqualTo(TokenBudgets.Cpu));
        Assert.That(reranker.Description.Notes, Has.Some.Contains($"at most {TokenBudgets.Cpu} padded tokens"));
    }

    [Test]
    public void RuntimeBudgetAppliesAndTheRerankerOptionWins()
    {
        using var runtime = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel,
            new CrossEncoderRerankerOptions { OnnxRuntime = new OnnxRuntimeOptions { TokenBudget = 999 } });
        Assert.That(runtime.TokenBudget, Is.EqualTo(999));
        using var own = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel,
            new CrossEncoderRerankerOptions { MaxTokensPerBatch = 555, OnnxRuntime = new OnnxRuntimeOptions { TokenBudget = 999 } });
        Assert.That(own.TokenBudget, Is.EqualTo(555));
    }

    [TestCase(1, 7, 1)]
    [TestCase(3, 3, 3)]
    [TestCase(7, 1, 7)]
    [TestCase(100, 1, 7)]
    public async Task ExplicitBudgetSetsTheBatches(int pairsPerBudget, int expectedCalls, int expectedLargest)
    {
        using var probe = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        var length = probe.Encoder.EncodePair(Query, Passage).InputIds.Length;
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel,
            new CrossEncoderRerankerOptions { MaxTokensPerBatch = pairsPerBudget * length });
        var scores = await reranker.ScoreAsync(Query, Enumerable.Repeat(Passage, 7).ToArray());
        Assert.That(reranker.Statistics.ModelCalls, Is.EqualTo(expectedCalls));
        Assert.That(reranker.Statistics.LargestBatch, Is.EqualTo(expectedLargest));
        Assert.That(scores.Distinct().Count(), Is.EqualTo(1), "the same pair scores the same in any batch");
    }

    [Test]
    public async Task DefaultBudgetRunsASmallListInOneCall()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        await reranker.ScoreAsync(Query, Enumerable.Repeat(Passage, 7).ToArray());
        Assert.That(reranker.Statistics.ModelCalls, Is.EqualTo(1), "7 short pairs fit 4096 tokens");
    }

    [Test]
    public async Task PassagesCutToFitAreCountedOnce()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        var budget = reranker.Encoder.PassageBudget(reranker.Encoder.EncodeQuery(Query));
        var exact = string.Join(" ", Enumerable.Repeat("cell", budget));
        Assert.That(reranker.Encoder.EncodeText(exact, int.MaxValue), Has.Length.EqualTo(budget), "one token per word");
        await reranker.ScoreAsync(Query, [exact, exact + " cell", exact + "   ", "short"]);
        Assert.That(reranker.Statistics.Truncations, Is.EqualTo(1), "only the passage one token too long is cut");
    }
}
