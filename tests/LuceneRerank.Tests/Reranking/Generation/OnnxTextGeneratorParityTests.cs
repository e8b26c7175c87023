using LuceneRerank.Reranking.Generation;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Tests.Reranking.Llm;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LuceneRerank.Tests.Reranking.Generation;

/// <summary>
/// KV-cache generation token for token against an independent numpy greedy decode (generate.py) and against a no-cache
/// decode through the same ONNX graph; batched with left padding (prompts of 6, 2, 11 and 1 tokens) against one prompt
/// at a time; rows dropped from the batch mid-way; the float16-cache export.
/// </summary>
public sealed class OnnxTextGeneratorParityTests
{
    private static GenerationOptions Greedy(GreedyReference reference) => new() { MaxNewTokens = reference.MaxNewTokens };

    [Test]
    public void BatchedGreedyGenerationEqualsTheNumpyGreedyDecode()
    {
        var reference = GreedyReference.Load();
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);

        var results = generator.Generate(reference.Prompts, Greedy(reference), default);

        for (var i = 0; i < results.Count; i++)
        {
            Assert.That(results[i].TokenIds, Is.EqualTo(reference.Greedy[i]), $"prompt {i} ({reference.Prompts[i].Length} tokens)");
            Assert.That(results[i].StopReason, Is.EqualTo(GenerationStopReason.MaxNewTokens));
            Assert.That(results[i].PromptTokens, Is.EqualTo(reference.Prompts[i].Length));
            Assert.That(results[i].Text, Is.EqualTo(generator.Decode(reference.Greedy[i])));
        }
    }

    [Test]
    public void KeyValueCacheGenerationEqualsNoCacheDecodeBatchedAndAlone()
    {
        var reference = GreedyReference.Load();
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3Gen);
        Assert.That(reference.Prompts.Select(p => p.Length).Distinct().Count(), Is.EqualTo(reference.Prompts.Count), "prompts of different lengths: left padding is exercised");

        var batched = generator.Generate(reference.Prompts, Greedy(reference), default);
        for (var i = 0; i < reference.Prompts.Count; i++)
        {
            var alone = generator.Generate([reference.Prompts[i]], Greedy(reference), default)[0];
            var noCache = GreedyReference.NoCacheGreedy(model, reference.Prompts[i], reference.MaxNewTokens).Tokens;
            Assert.That(alone.TokenIds, Is.EqualTo(noCache), $"prompt {i} alone");
            Assert.That(batched[i].TokenIds, Is.EqualTo(noCache), $"prompt {i} batched");
        }
    }

    [Test]
    public void OnePromptPerBatchUnderATinyMemoryBudgetGivesTheSameTokens()
    {
        var reference = GreedyReference.Load();
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen, new DecoderRunnerOptions { MemoryBudgetBytes = 1 });

        var results = generator.Generate(reference.Prompts, Greedy(reference), default);

        Assert.That(results.Select(r => r.TokenIds), Is.EqualTo(reference.Greedy));
        Assert.That(generator.Statistics.ForwardPasses, Is.EqualTo(reference.Prompts.Count), "one prefill pass per prompt");
        Assert.That(generator.Statistics.TokensProcessed, Is.EqualTo(reference.Prompts.Sum(p => p.Length) + (reference.Prompts.Count * (reference.MaxNewTokens - 1))),
            "prompt tokens, then one token per row and step (the last token is never fed)");
    }

    [Test]
    public void RowsThatStopAreDroppedAndTheOthersGoOnUnchanged()
    {
        var reference = GreedyReference.Load();
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        var stop = reference.Greedy[1][2];

        var results = generator.Generate(reference.Prompts, new GenerationOptions { MaxNewTokens = reference.MaxNewTokens, StopTokenIds = [stop] }, default);

        for (var i = 0; i < results.Count; i++)
        {
            var at = Array.IndexOf(reference.Greedy[i], stop);
            var expected = at < 0 ? reference.Greedy[i] : reference.Greedy[i][..(at + 1)];
            Assert.That(results[i].TokenIds, Is.EqualTo(expected), $"prompt {i}");
            Assert.That(results[i].StopReason, Is.EqualTo(at < 0 ? GenerationStopReason.MaxNewTokens : GenerationStopReason.StopToken), $"prompt {i}");
        }

        Assert.That(results[1].TokenIds, Has.Count.EqualTo(3));
        Assert.That(results[1].Text, Is.EqualTo(generator.Decode(reference.Greedy[1][..2])), "the stop token is not part of the text");
    }

    [Test]
    public void TrackedLogProbabilitiesEqualTheNoCacheLogSoftmax()
    {
        var reference = GreedyReference.Load();
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3Gen);
        int[] tracked = [reference.Greedy[0][0], 9693, 0, model.Config.VocabularySize - 1];

        var result = generator.Generate([reference.Prompts[0]], new GenerationOptions { MaxNewTokens = 5, TrackedTokenIds = tracked }, default)[0];

        var (_, logSoftmax) = GreedyReference.NoCacheGreedy(model, reference.Prompts[0], 5);
        Assert.That(result.TrackedLogProbabilities, Has.Count.EqualTo(5));
        for (var step = 0; step < 5; step++)
        {
            Assert.That(result.TrackedLogProbabilities[step].Keys, Is.EquivalentTo(tracked));
            foreach (var id in tracked)
            {
                Assert.That(result.TrackedLogProbabilities[step][id], Is.EqualTo(logSoftmax[step][id]).Within(1e-4), $"step {step}, id {id}");
            }
        }
    }

    [Test]
    public void Float16CacheExportGeneratesLikeItsNoCacheDecode()
    {
        var reference = GreedyReference.Load();
        var options = new DecoderRunnerOptions { PreferFp16 = true };
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen, options);
        using var fp32 = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3Gen, options);
        Assert.That(generator.ModelPath, Does.EndWith("model_fp16.onnx"));
        Assert.That(model.HalfPrecisionLogits, Is.True);
        Assert.That(model.PastInputs.Select(p => p.Type), Is.All.EqualTo(TensorElementType.Float16));
        Assert.That(generator.CacheBytesPerToken * 2, Is.EqualTo(fp32.CacheBytesPerToken), "a float16 cache takes half the bytes");

        var batched = generator.Generate(reference.Prompts, Greedy(reference), default);

        for (var i = 0; i < reference.Prompts.Count; i++)
        {
            var noCache = GreedyReference.NoCacheGreedy(model, reference.Prompts[i], reference.MaxNewTokens).Tokens;
            Assert.That(batched[i].TokenIds, Is.EqualTo(noCache), $"prompt {i}");
        }
    }
}
