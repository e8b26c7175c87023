using LuceneRerank.Reranking;

namespace LuceneRerank.Tests.Reranking;

/// <summary><see cref="PassageChunking"/>: defaults, parsing of first/max/mean-top-K, refused values, its text form.</summary>
public sealed class PassageChunkingTests
{
    [Test]
    public void DefaultIsTheTruncationOfACrossEncoder()
    {
        var chunking = new PassageChunking();
        Assert.That(chunking.Aggregation, Is.EqualTo(ChunkAggregation.First));
        Assert.That(chunking.ChunkSize, Is.Null);
        Assert.That(chunking.ChunkStride, Is.Null);
        Assert.That(chunking.TopK, Is.EqualTo(PassageChunking.DefaultTopK).And.EqualTo(3));
        Assert.That(chunking.MaxChunksPerPassage, Is.EqualTo(PassageChunking.DefaultMaxChunksPerPassage).And.EqualTo(16));
        Assert.That(chunking, Is.EqualTo(PassageChunking.None));
        Assert.That(new CrossEncoderRerankerOptions().Chunking, Is.EqualTo(PassageChunking.None));
    }

    [TestCase("first", ChunkAggregation.First, 3)]
    [TestCase("MAX", ChunkAggregation.Max, 3)]
    [TestCase(" mean-top-5 ", ChunkAggregation.MeanOfTopK, 5)]
    [TestCase("mean-top-1", ChunkAggregation.MeanOfTopK, 1)]
    public void ParseReadsTheCommandLineForms(string text, ChunkAggregation aggregation, int topK)
    {
        var chunking = PassageChunking.Parse(text);
        Assert.That(chunking.Aggregation, Is.EqualTo(aggregation));
        Assert.That(chunking.TopK, Is.EqualTo(topK));
    }

    [TestCase("avg")]
    [TestCase("mean-top-0")]
    [TestCase("mean-top-")]
    [TestCase("mean-top-x")]
    [TestCase("mean-top--2")]
    [TestCase("")]
    public void ParseRefusesOtherTexts(string text)
    {
        var e = Assert.Throws<FormatException>(() => PassageChunking.Parse(text));
        Assert.That(e!.Message, Does.Contain($"'{text}'").And.Contain("first, max or mean-top-K"));
    }

    [Test]
    public void NonPositiveSizesAreRefusedNamingTheProperty()
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new PassageChunking { ChunkSize = 0 })!.ParamName, Is.EqualTo("ChunkSize"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new PassageChunking { ChunkStride = -1 })!.ParamName, Is.EqualTo("ChunkStride"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new PassageChunking { TopK = 0 })!.ParamName, Is.EqualTo("TopK"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new PassageChunking { MaxChunksPerPassage = 0 })!.ParamName, Is.EqualTo("MaxChunksPerPassage"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new PassageChunking { Aggregation = (ChunkAggregation)9 })!.ParamName, Is.EqualTo("Aggregation"));
    }

    [Test]
    public void TextFormNamesTheAggregationAndSizes()
    {
        Assert.That(PassageChunking.Parse("max").ToString(), Is.EqualTo("max (size: the room beside the query, stride: half the size, at most 16 chunks)"));
        Assert.That((PassageChunking.Parse("mean-top-2") with { ChunkSize = 100, ChunkStride = 50, MaxChunksPerPassage = 4 }).ToString(),
            Is.EqualTo("mean-top-2 (size 100, stride 50, at most 4 chunks)"));
    }
}
