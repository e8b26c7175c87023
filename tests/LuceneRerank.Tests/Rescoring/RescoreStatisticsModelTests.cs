using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Rescoring;
using LuceneRerank.Tests.Reranking.Llm;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>
/// Per-call statistics with a real ONNX reranker: an LLM reranker's model keeps its own counters beside the
/// reranker's, and the call must count the work once.
/// </summary>
public sealed class RescoreStatisticsModelTests
{
    [Test]
    public async Task A_pointwise_LLM_rescoring_counts_each_forward_pass_once()
    {
        string[] passages = ["zebras graze slowly", "aspirin lowers fever", "aspirin helps adults", "not in the window"];
        using var index = TestIndex.WithTexts(passages);
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        var reranker = new PointwiseReranker(model, LlmManifests.Qwen3Reranker);
        var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions { Window = 3 });

        var result = await rescorer.RescoreAsync(index.Searcher, TestIndex.FirstPass(4, (0, 4f), (1, 3f), (2, 2f), (3, 1f)), "aspirin fever", 4);

        var statistics = result.Statistics;
        Assert.That(statistics.ForwardPasses, Is.EqualTo(3));
        Assert.That(statistics.PassagesScored, Is.EqualTo(3));
        Assert.That(statistics.TokensProcessed, Is.EqualTo(passages.Take(3).Sum(p => reranker.BuildPrompt("aspirin fever", p).Ids.Length)));
        Assert.That(statistics.Batches, Is.EqualTo(reranker.Statistics.Batches));
        Assert.That(statistics.InferenceTime, Is.EqualTo(reranker.Statistics.InferenceTime));
        Assert.That(statistics.TokenizationTime, Is.EqualTo(reranker.Statistics.TokenizationTime));
        Assert.That(statistics.TokenizationTime, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public void A_model_used_without_caller_counters_reports_to_the_call_scope_once()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        int[][] sequences = [[1, 2, 3], [4, 5]];

        RerankCallStatistics statistics;
        using (var scope = RerankCallScope.Begin("direct"))
        {
            model.ScoreNextToken(sequences, [1]);
            statistics = scope.Snapshot();
        }

        Assert.That(statistics.ForwardPasses, Is.EqualTo(2));
        Assert.That(statistics.TokensProcessed, Is.EqualTo(5));
        Assert.That(statistics.InferenceTime, Is.EqualTo(model.Statistics.InferenceTime));
        Assert.That(RerankCallScope.Current, Is.Null, "disposing the scope restores the previous (none)");
    }
}
