using LuceneRerank.Reranking.Generation;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Tests.Reranking.Llm;

namespace LuceneRerank.Tests.Reranking.Generation;

/// <summary>Seeded sampling on the tiny model: reproducible per seed, different across seeds, independent of batching.</summary>
public sealed class OnnxTextGeneratorSamplingTests
{
    private static GenerationOptions Sampled(int seed, float topP = 1f) => new() { MaxNewTokens = 10, Temperature = 1f, TopP = topP, Seed = seed };

    [Test]
    public void ASeedReproducesItsContinuationsAndAnotherSeedDiffers()
    {
        var reference = GreedyReference.Load();
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);

        var first = generator.Generate(reference.Prompts, Sampled(7), default);
        var again = generator.Generate(reference.Prompts, Sampled(7), default);
        var other = generator.Generate(reference.Prompts, Sampled(8), default);

        Assert.That(again.Select(r => r.TokenIds), Is.EqualTo(first.Select(r => r.TokenIds)));
        Assert.That(other.Select(r => r.TokenIds), Is.Not.EqualTo(first.Select(r => r.TokenIds)));
        Assert.That(first.Select(r => r.TokenIds), Is.Not.EqualTo(reference.Greedy), "temperature 1 does not decode greedily");
    }

    [Test]
    public void ARowsDrawsDoNotDependOnItsBatch()
    {
        var reference = GreedyReference.Load();
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);

        using var onePerBatch = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen, new DecoderRunnerOptions { MemoryBudgetBytes = 1 });

        var batched = generator.Generate(reference.Prompts, Sampled(11, 0.9f), default);
        var separately = onePerBatch.Generate(reference.Prompts, Sampled(11, 0.9f), default);

        Assert.That(separately.Select(r => r.TokenIds), Is.EqualTo(batched.Select(r => r.TokenIds)));
        var alone = generator.Generate([reference.Prompts[0]], Sampled(11, 0.9f), default)[0];
        Assert.That(alone.TokenIds, Is.EqualTo(batched[0].TokenIds), "prompt 0 alone draws with the same seed as in the batch");
    }

    [Test]
    public void ATinyTopPDecodesGreedily()
    {
        var reference = GreedyReference.Load();
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);

        var results = generator.Generate(reference.Prompts, Sampled(5, 1e-6f), default);

        Assert.That(results.Select(r => r.TokenIds), Is.EqualTo(reference.Greedy));
    }
}
