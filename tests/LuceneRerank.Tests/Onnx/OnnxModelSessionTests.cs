using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Tests.Reranking.Llm;
using LuceneRerank.Tests.Reranking.T5;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Onnx;

/// <summary>A model used after it was disposed fails with <see cref="ObjectDisposedException"/>, never in native code.</summary>
public sealed class OnnxModelSessionTests
{
    [Test]
    public void A_cross_encoder_scored_after_dispose_throws_ObjectDisposedException()
    {
        var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        reranker.Dispose();
        reranker.Dispose(); // twice is harmless

        Assert.ThrowsAsync<ObjectDisposedException>(() => reranker.ScoreAsync("query", ["a passage"]));
    }

    [Test]
    public void A_pointwise_reranker_whose_model_was_disposed_throws_ObjectDisposedException()
    {
        var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        var reranker = new PointwiseReranker(model, LlmManifests.Qwen3Reranker);
        model.Dispose();

        Assert.ThrowsAsync<ObjectDisposedException>(() => reranker.ScoreAsync("aspirin fever", ["aspirin lowers fever"]));
    }

    [Test]
    public void A_T5_reranker_scored_after_dispose_throws_ObjectDisposedException()
    {
        var reranker = T5TestModels.Load(T5TestModels.Tiny, "monot5.json");
        reranker.Dispose();

        Assert.ThrowsAsync<ObjectDisposedException>(() => reranker.ScoreAsync("query", ["a passage"]));
    }
}
