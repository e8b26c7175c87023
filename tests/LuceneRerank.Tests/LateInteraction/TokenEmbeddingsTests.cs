using LuceneRerank.LateInteraction;

namespace LuceneRerank.Tests.LateInteraction;

public sealed class TokenEmbeddingsTests
{
    [Test]
    public void RowsAreSlicesOfTheValues()
    {
        var embeddings = new TokenEmbeddings([1f, 2f, 3f, 4f, 5f, 6f], 3, 2);
        Assert.Multiple(() =>
        {
            Assert.That(embeddings.Count, Is.EqualTo(3));
            Assert.That(embeddings.Dimension, Is.EqualTo(2));
            Assert.That(embeddings.Row(1).ToArray(), Is.EqualTo(new[] { 3f, 4f }));
            Assert.That(embeddings.Values.Length, Is.EqualTo(6));
        });
    }

    [Test]
    public void BadShapesAndIndicesAreRefused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentException>(() => new TokenEmbeddings(new float[5], 3, 2))!.Message, Does.Contain("need 6 values, not 5"));
            Assert.Throws<ArgumentOutOfRangeException>(() => new TokenEmbeddings([], -1, 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => new TokenEmbeddings([], 0, 0));
            Assert.Throws<ArgumentNullException>(() => new TokenEmbeddings(null!, 0, 1));
            var embeddings = new TokenEmbeddings(new float[4], 2, 2);
            Assert.Throws<ArgumentOutOfRangeException>(() => embeddings.Row(2));
            Assert.Throws<ArgumentOutOfRangeException>(() => embeddings.Row(-1));
        });
    }
}
