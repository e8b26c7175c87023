using LuceneRerank.Reranking.Generation;

namespace LuceneRerank.Tests.Reranking.Generation;

/// <summary>Greedy and sampled picks on hand-made logits, with frequencies checked against the softmax they come from.</summary>
public sealed class TokenSamplerTests
{
    [Test]
    public void GreedyTakesTheHighestLogitAndTheLowestIdOnTies()
    {
        var sampler = new TokenSampler(0f, 1f, seed: 1);
        Assert.That(sampler.Next([0.5f, 2f, -1f, 2f]), Is.EqualTo(1));
    }

    [Test]
    public void SamplingFollowsTheTemperedSoftmax()
    {
        float[] logits = [0f, MathF.Log(3f), float.NegativeInfinity];
        var sampler = new TokenSampler(1f, 1f, seed: 42);
        var counts = new int[3];
        for (var i = 0; i < 20000; i++)
        {
            counts[sampler.Next(logits)]++;
        }

        Assert.That(counts[2], Is.Zero);
        Assert.That(counts[1] / 20000.0, Is.EqualTo(0.75).Within(0.02), "p = 3 / (1 + 3)");

        var hot = new TokenSampler(2f, 1f, seed: 42);
        var hotCounts = new int[3];
        for (var i = 0; i < 20000; i++)
        {
            hotCounts[hot.Next(logits)]++;
        }

        Assert.That(hotCounts[1] / 20000.0, Is.EqualTo(Math.Sqrt(3) / (1 + Math.Sqrt(3))).Within(0.02), "temperature 2: p ∝ exp(logit / 2)");
    }

    [Test]
    public void TopPKeepsOnlyTheNucleus()
    {
        float[] logits = [MathF.Log(0.5f), MathF.Log(0.3f), MathF.Log(0.15f), MathF.Log(0.05f)];
        var sampler = new TokenSampler(1f, 0.75f, seed: 7);
        var counts = new int[4];
        for (var i = 0; i < 20000; i++)
        {
            counts[sampler.Next(logits)]++;
        }

        Assert.That(counts[2] + counts[3], Is.Zero, "0.5 + 0.3 reaches 0.75: tokens 2 and 3 are outside the nucleus");
        Assert.That(counts[0] / 20000.0, Is.EqualTo(0.5 / 0.8).Within(0.02), "renormalised within the nucleus");
    }

    [Test]
    public void ASeedRepeatsItsDraws()
    {
        float[] logits = [.. Enumerable.Range(0, 50).Select(i => (float)Math.Sin(i))];
        var a = new TokenSampler(1f, 0.9f, seed: 3);
        var b = new TokenSampler(1f, 0.9f, seed: 3);
        var c = new TokenSampler(1f, 0.9f, seed: 4);
        var drawsA = Enumerable.Range(0, 40).Select(_ => a.Next(logits)).ToArray();
        Assert.That(Enumerable.Range(0, 40).Select(_ => b.Next(logits)), Is.EqualTo(drawsA));
        Assert.That(Enumerable.Range(0, 40).Select(_ => c.Next(logits)), Is.Not.EqualTo(drawsA));
    }
}
