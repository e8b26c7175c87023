using LuceneRerank.DependencyInjection;
using LuceneRerank.Reranking;
using Microsoft.Extensions.Configuration;

namespace LuceneRerank.Tests.DependencyInjection;

/// <summary>The chunking settings of <see cref="RerankerSettings"/>: bound from configuration, turned into <see cref="PassageChunking"/>.</summary>
public sealed class RerankerSettingsChunkingTests
{
    [Test]
    public void Chunking_settings_bind_from_configuration_into_the_open_options()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Model"] = "ms-marco-MiniLM-L-6-v2",
            ["Chunking"] = "mean-top-2",
            ["ChunkSize"] = "200",
            ["ChunkStride"] = "100",
            ["MaxChunksPerPassage"] = "5",
        }).Build();
        var settings = configuration.Get<RerankerSettings>()!;

        var chunking = settings.ToOpenOptions("main", null).Chunking;

        Assert.That(chunking, Is.EqualTo(new PassageChunking
        {
            Aggregation = ChunkAggregation.MeanOfTopK, TopK = 2, ChunkSize = 200, ChunkStride = 100, MaxChunksPerPassage = 5,
        }));
    }

    [Test]
    public void No_chunking_settings_give_no_chunking() =>
        Assert.That(new RerankerSettings { Model = "m" }.ToOpenOptions("main", null).Chunking, Is.EqualTo(PassageChunking.None));

    [TestCase("avg", null, "is not first, max or mean-top-K")]
    [TestCase("max", 0, "ChunkSize must be a positive number of tokens")]
    public void Bad_chunking_settings_name_the_reranker_and_the_settings(string chunking, int? size, string problem)
    {
        var settings = new RerankerSettings { Model = "m", Chunking = chunking, ChunkSize = size };

        var e = Assert.Throws<InvalidOperationException>(() => settings.ToOpenOptions("main", null));

        Assert.That(e!.Message, Does.Contain("reranker 'main'").And.Contain("LuceneRerank:Rerankers:main:Chunking").And.Contain(problem));
    }
}
