using LuceneRerank.Onnx;
using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Llm;

namespace LuceneRerank.Tests.Reranking.Llm;

/// <summary>
/// The decoder-only runner batches by the one planner: the padded-token budget every runner has (provider default,
/// runtime option, or <see cref="DecoderRunnerOptions.TokenBudget"/>) and, through the same planner, its logits-memory
/// budget; and the LLM rerankers above it score synchronously.
/// </summary>
public sealed class DecoderOnlyModelBudgetTests
{
    private static int[][] Sequences(int count, int length) =>
        [.. Enumerable.Range(0, count).Select(i => Enumerable.Range(100 + i, length).ToArray())];

    [Test]
    public void NothingSetTakesTheCpuDefaultAndTheMemoryBudget()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3);
        Assert.That(model.BatchLimits.TokenBudget, Is.EqualTo(TokenBudgets.Cpu));
        Assert.That(model.BatchLimits.CostBudget, Is.EqualTo(new DecoderRunnerOptions().MemoryBudgetBytes));
        Assert.That(model.MemoryNote(), Does.Contain($"{TokenBudgets.Cpu} padded tokens"));
    }

    [Test]
    public void RuntimeBudgetAppliesAndTheRunnerOptionWins()
    {
        using var runtime = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3, new DecoderRunnerOptions { Runtime = new OnnxRuntimeOptions { TokenBudget = 999 } });
        Assert.That(runtime.BatchLimits.TokenBudget, Is.EqualTo(999));
        using var own = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3, new DecoderRunnerOptions { TokenBudget = 40, Runtime = new OnnxRuntimeOptions { TokenBudget = 999 } });
        Assert.That(own.BatchLimits.TokenBudget, Is.EqualTo(40));
    }

    [TestCase(10, 7, 1)]
    [TestCase(30, 3, 3)]
    [TestCase(4096, 1, 7)]
    public void ExplicitTokenBudgetSetsTheBatches(int tokenBudget, int expectedCalls, int expectedLargest)
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3, new DecoderRunnerOptions { TokenBudget = tokenBudget });
        var statistics = new RerankStatistics();
        model.ScoreNextToken(Sequences(7, 10), [1, 2], statistics);
        Assert.That(statistics.ModelCalls, Is.EqualTo(expectedCalls));
        Assert.That(statistics.LargestBatch, Is.EqualTo(expectedLargest));
    }

    [Test]
    public void MemoryBudgetLimitsTheSameBatchesFurther()
    {
        using var probe = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3);
        var twoRows = probe.EstimateBatchBytes(2, 10);
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3, new DecoderRunnerOptions { TokenBudget = 4096, MemoryBudgetBytes = twoRows });
        var statistics = new RerankStatistics();
        model.ScoreNextToken(Sequences(7, 10), [1, 2], statistics);
        Assert.That(statistics.ModelCalls, Is.EqualTo(4), "2 + 2 + 2 + 1 under the memory budget, though the tokens allow 7");
        Assert.That(statistics.LargestBatch, Is.EqualTo(2));
    }

    [Test]
    public void PointwiseRerankerHonoursTheBudgetAndReturnsACompletedTask()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes, new DecoderRunnerOptions { TokenBudget = 1 });
        var reranker = new PointwiseReranker(model, LlmManifests.Qwen3Reranker);
        var task = reranker.ScoreAsync("aspirin fever", ["zebras graze", "aspirin lowers fever", "aspirin helps"]);
        Assert.That(task.IsCompletedSuccessfully, Is.True, "scored on the calling thread, no Task.Run");
        Assert.That(reranker.Statistics.ModelCalls, Is.EqualTo(3), "a budget of 1 token runs each prompt alone");
    }

    [Test]
    public void CancelledTokenGivesACancelledTaskWithoutRunning()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        var reranker = new QueryLikelihoodReranker(model, LlmManifests.QueryLikelihood);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var task = reranker.ScoreAsync("aspirin fever", ["aspirin lowers fever"], cancelled.Token);
        Assert.That(task.IsCanceled, Is.True);
        Assert.That(reranker.Statistics.ModelCalls, Is.Zero);
    }

    [Test]
    public async Task PointwiseAndQueryLikelihoodCountCutPassages()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        var longText = string.Join(" ", Enumerable.Range(0, 400).Select(i => $"word{i}"));
        var pointwise = new PointwiseReranker(model, LlmManifests.Qwen3Reranker, new PointwiseRerankerOptions { MaxLength = 200 });
        await pointwise.ScoreAsync("aspirin fever", [longText, "short", longText]);
        Assert.That(pointwise.Statistics.Truncations, Is.EqualTo(2));
        var likelihood = new QueryLikelihoodReranker(model, LlmManifests.QueryLikelihood, maxLength: 200);
        await likelihood.ScoreAsync("aspirin fever", [longText, "short"]);
        Assert.That(likelihood.Statistics.Truncations, Is.EqualTo(1));
    }
}
