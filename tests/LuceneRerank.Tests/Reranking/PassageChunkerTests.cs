using LuceneRerank.Reranking;

namespace LuceneRerank.Tests.Reranking;

/// <summary><see cref="PassageChunker"/>: sizes and strides for a query's room, and the spans of a passage.</summary>
public sealed class PassageChunkerTests
{
    [Test]
    public void DefaultSizeIsTheRoomAndStrideHalfOfItRoundedUp()
    {
        var chunker = PassageChunker.For(new PassageChunking { Aggregation = ChunkAggregation.Max }, room: 101);
        Assert.That((chunker.Size, chunker.Stride, chunker.MaxChunks), Is.EqualTo((101, 51, 16)));
        Assert.That(chunker.TokensToRead, Is.EqualTo(101 + (15 * 51)));
    }

    [Test]
    public void SizeIsCutToTheRoomAndStrideToTheSize()
    {
        var chunker = PassageChunker.For(new PassageChunking { Aggregation = ChunkAggregation.Max, ChunkSize = 80, ChunkStride = 70 }, room: 50);
        Assert.That((chunker.Size, chunker.Stride), Is.EqualTo((50, 50)));
    }

    [Test]
    public void FirstReadsOneChunkOnly()
    {
        var chunker = PassageChunker.For(new PassageChunking(), room: 60);
        Assert.That((chunker.Size, chunker.MaxChunks, chunker.TokensToRead), Is.EqualTo((60, 1, 60)));
        Assert.That(chunker.Spans(60), Is.EqualTo(new[] { (0, 60) }));
    }

    [TestCase(10, 10, 5, 16, new[] { 0, 10 })]
    [TestCase(11, 10, 5, 16, new[] { 0, 10, 5, 11 })]
    [TestCase(35, 10, 10, 16, new[] { 0, 10, 10, 20, 20, 30, 30, 35 })]
    [TestCase(100, 10, 4, 3, new[] { 0, 10, 4, 14, 8, 18 })]
    [TestCase(0, 10, 5, 16, new[] { 0, 0 })]
    public void SpansCoverThePassageUpToTheCap(int tokens, int size, int stride, int cap, int[] flat)
    {
        var spans = new PassageChunker(size, stride, cap).Spans(tokens);
        var expected = Enumerable.Range(0, flat.Length / 2).Select(i => (flat[2 * i], flat[(2 * i) + 1])).ToArray();
        Assert.That(spans, Is.EqualTo(expected));
    }
}
