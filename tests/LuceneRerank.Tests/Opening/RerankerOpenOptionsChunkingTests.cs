using LuceneRerank.Reranking;
using LuceneRerank.Tests.Reranking.Llm;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Opening;

/// <summary><see cref="RerankerOpenOptions.Chunking"/>: reaches a cross-encoder in one call, is refused for other families.</summary>
public sealed class RerankerOpenOptionsChunkingTests
{
    private const string Query = "mice cancer";

    private static readonly string[] s_passages =
    [
        "mice", "a study of cancer in mice and the growth of tumour cells in the tissue of the mouse over the weeks of the study",
    ];

    [Test]
    public async Task Chunking_reaches_a_cross_encoder()
    {
        var chunking = new PassageChunking { Aggregation = ChunkAggregation.Max, ChunkSize = 8, ChunkStride = 4 };
        using var direct = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions { Chunking = chunking });

        using var opened = Rerankers.Open(GeneratedModels.XenovaOneLabel, new RerankerOpenOptions { Chunking = chunking });

        Assert.That(await opened.ScoreAsync(Query, s_passages), Is.EqualTo(await direct.ScoreAsync(Query, s_passages)));
        Assert.That(opened.Description.Notes, Has.Some.Contains("long passages chunked: max (size 8, stride 4"));
        Assert.That(opened.Statistics.ChunksScored, Is.GreaterThan(s_passages.Length));
    }

    [Test]
    public void Chunking_is_refused_for_a_model_that_is_not_a_cross_encoder()
    {
        var e = Assert.Throws<ArgumentException>(() => Rerankers.Open(LlmTestModels.OracleYes,
            new RerankerOpenOptions { Method = RerankMethod.Pointwise, Chunking = PassageChunking.Parse("max") }));
        Assert.That(e!.Message, Does.Contain("applies to cross-encoders only").And.Contain("Pointwise"));
    }

    [Test]
    public void Chunking_defaults_to_none_refuses_null_and_survives_a_logger_copy()
    {
        Assert.That(new RerankerOpenOptions().Chunking, Is.EqualTo(PassageChunking.None));
        Assert.That(Assert.Throws<ArgumentNullException>(() => _ = new RerankerOpenOptions { Chunking = null! })!.ParamName, Is.EqualTo("Chunking"));
        var chunking = PassageChunking.Parse("mean-top-2") with { ChunkSize = 30 };
        Assert.That(new RerankerOpenOptions { Chunking = chunking }.WithLoggerFactory(null).Chunking, Is.EqualTo(chunking));
    }
}
