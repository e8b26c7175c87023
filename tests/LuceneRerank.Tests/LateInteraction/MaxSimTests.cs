using LuceneRerank.LateInteraction;

namespace LuceneRerank.Tests.LateInteraction;

/// <summary><see cref="MaxSim"/> (SIMD, four query rows at a time) against a plain double-precision loop on random inputs.</summary>
public sealed class MaxSimTests
{
    [TestCase(1, 1, 1)]
    [TestCase(3, 5, 7)]
    [TestCase(4, 9, 16)]
    [TestCase(7, 33, 96)]
    [TestCase(32, 180, 128)]
    [TestCase(13, 2, 130)]
    [TestCase(32, 300, 384)]
    public void ScoreIsTheSumOfTheBestDotProducts(int queryRows, int documentRows, int dimension)
    {
        var random = new Random(queryRows * 1000 + documentRows * 10 + dimension);
        var query = Random(random, queryRows, dimension);
        var document = Random(random, documentRows, dimension);
        var expected = ScalarMaxSim(query, document);
        Assert.That(MaxSim.Score(query, document), Is.EqualTo(expected).Within(1e-4 * Math.Max(1, Math.Abs(expected))));
    }

    [Test]
    public void NegativeSimilaritiesAreKeptNotClampedAtZero()
    {
        var query = new TokenEmbeddings([1f, 0f, 0f, 1f, -1f, 0f, 0f, -1f, 0.6f, 0.8f], 5, 2);
        var document = new TokenEmbeddings([-1f, 0f], 1, 2);
        // Best of each query row against the one document row: -1, 0, 1, 0, -0.6.
        Assert.That(MaxSim.Score(query, document), Is.EqualTo(-0.6f).Within(1e-6));
    }

    [Test]
    public void EmptyDocumentOrQueryScoresZero()
    {
        var rows = new TokenEmbeddings([1f, 0f], 1, 2);
        var empty = new TokenEmbeddings([], 0, 2);
        Assert.Multiple(() =>
        {
            Assert.That(MaxSim.Score(rows, empty), Is.Zero);
            Assert.That(MaxSim.Score(empty, rows), Is.Zero);
        });
    }

    [Test]
    public void DifferentDimensionsAreRefused()
    {
        var query = new TokenEmbeddings(new float[8], 2, 4);
        var document = new TokenEmbeddings(new float[9], 3, 3);
        var error = Assert.Throws<ArgumentException>(() => MaxSim.Score(query, document));
        Assert.That(error!.Message, Does.Contain("4 dimensions").And.Contain("3"));
        Assert.Throws<ArgumentNullException>(() => MaxSim.Score(null!, document));
    }

    private static TokenEmbeddings Random(Random random, int rows, int dimension)
    {
        var values = new float[rows * dimension];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return new TokenEmbeddings(values, rows, dimension);
    }

    private static double ScalarMaxSim(TokenEmbeddings query, TokenEmbeddings document)
    {
        double total = 0;
        for (var q = 0; q < query.Count; q++)
        {
            var best = double.NegativeInfinity;
            for (var d = 0; d < document.Count; d++)
            {
                double dot = 0;
                for (var k = 0; k < query.Dimension; k++)
                {
                    dot += (double)query.Row(q)[k] * document.Row(d)[k];
                }

                best = Math.Max(best, dot);
            }

            total += best;
        }

        return total;
    }
}
