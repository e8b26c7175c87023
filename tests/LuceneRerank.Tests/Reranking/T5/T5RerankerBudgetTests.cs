using LuceneRerank.Onnx;
using LuceneRerank.Reranking.T5;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Reranking.T5;

/// <summary>
/// T5 batches by the one budget rule (no fixed 8,192 any more: the provider's default when neither the settings nor the
/// runtime options say), counts cut passages, and scores synchronously.
/// </summary>
public sealed class T5RerankerBudgetTests
{
    private const string Query = "which protein matters";
    private const string Passage = "the cancer cell makes protein";

    [Test]
    public void NothingSetTakesTheProvidersDefault()
    {
        var settings = T5TestModels.Settings(T5TestModels.Oracle, "monot5.json") with { TokenBudget = null };
        using var reranker = T5Reranker.Create(settings, T5TestModels.Oracle);
        Assert.That(reranker.TokenBudget, Is.EqualTo(TokenBudgets.Cpu));
        Assert.That(reranker.Description.Notes, Has.Some.Contains($"at most {TokenBudgets.Cpu} padded encoder tokens"));
    }

    [Test]
    public void ShippedManifestsLeaveTheBudgetToTheProvider()
    {
        foreach (var file in new[] { "monot5-base-msmarco.json", "rankt5-base.json" })
        {
            var settings = T5RerankerSettings.Load(Path.Combine(TestPaths.RepositoryRoot, "models", file));
            Assert.That(settings.TokenBudget, Is.Null, file + ": a fixed budget would hold on CUDA too (65,536 there, 4,096 on CPU)");
        }
    }

    [Test]
    public void RuntimeBudgetAppliesAndTheSettingsWin()
    {
        var settings = T5TestModels.Settings(T5TestModels.Oracle, "monot5.json");
        using var runtime = T5Reranker.Create(settings with { TokenBudget = null }, T5TestModels.Oracle, new OnnxRuntimeOptions { TokenBudget = 999 });
        Assert.That(runtime.TokenBudget, Is.EqualTo(999));
        using var own = T5Reranker.Create(settings with { TokenBudget = 555 }, T5TestModels.Oracle, new OnnxRuntimeOptions { TokenBudget = 999 });
        Assert.That(own.TokenBudget, Is.EqualTo(555));
    }

    [TestCase(1, 7, 1)]
    [TestCase(3, 3, 3)]
    [TestCase(100, 1, 7)]
    public async Task ExplicitBudgetSetsTheBatches(int promptsPerBudget, int expectedCalls, int expectedLargest)
    {
        using var probe = T5TestModels.Load(T5TestModels.Oracle, "monot5.json");
        var length = probe.EncodePrompt(Query, Passage).Length;
        var settings = T5TestModels.Settings(T5TestModels.Oracle, "monot5.json") with { TokenBudget = promptsPerBudget * length };
        using var reranker = T5Reranker.Create(settings, T5TestModels.Oracle);
        var scores = await reranker.ScoreAsync(Query, Enumerable.Repeat(Passage, 7).ToArray());
        Assert.That(reranker.Statistics.ModelCalls, Is.EqualTo(expectedCalls));
        Assert.That(reranker.Statistics.LargestBatch, Is.EqualTo(expectedLargest));
        Assert.That(scores, Is.All.EqualTo(T5TestModels.LogSigmoid(4)).Within(1e-6));
    }

    [Test]
    public void BudgetBelowOneIsAnErrorNamingTheField()
    {
        var settings = T5TestModels.Settings(T5TestModels.Oracle, "monot5.json") with { TokenBudget = 0 };
        var e = Assert.Throws<InvalidDataException>(() => settings.Validate("test"));
        Assert.That(e!.Message, Does.Contain("tokenBudget"));
    }

    [Test]
    public void ScoresOnTheCallingThreadAndCountsCutPassages()
    {
        var settings = T5TestModels.Settings(T5TestModels.Oracle, "monot5.json") with { MaxLength = 40 };
        using var reranker = T5Reranker.Create(settings, T5TestModels.Oracle);
        var filler = string.Join(" ", Enumerable.Repeat("the study of mice", 30));
        var task = reranker.ScoreAsync(Query, [filler, Passage, filler + " cancer"]);
        Assert.That(task.IsCompletedSuccessfully, Is.True, "no Task.Run: the result is ready when ScoreAsync returns");
        Assert.That(reranker.Statistics.Truncations, Is.EqualTo(2));
    }

    [Test]
    public void CancelledTokenGivesACancelledTaskWithoutRunning()
    {
        using var reranker = T5TestModels.Load(T5TestModels.Oracle, "monot5.json");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var task = reranker.ScoreAsync(Query, [Passage], cancelled.Token);
        Assert.That(task.IsCanceled, Is.True);
        Assert.That(reranker.Statistics.ModelCalls, Is.Zero);
    }
}
