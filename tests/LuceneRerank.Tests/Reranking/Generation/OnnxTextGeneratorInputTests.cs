using LuceneRerank.Reranking.Generation;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Tests.Reranking.Llm;

namespace LuceneRerank.Tests.Reranking.Generation;

/// <summary>Bad models and bad input get errors that name the problem; text in, text out through the public API.</summary>
public sealed class OnnxTextGeneratorInputTests
{
    [Test]
    public void AGraphWithoutPresentOutputsIsRefusedNamingThem()
    {
        var error = Assert.Throws<InvalidDataException>(() => OnnxTextGenerator.Load(LlmTestModels.OracleYes))!;
        Assert.That(error.Message, Does.Contain("present.0.key").And.Contain("present.0.value").And.Contain("present.1.key").And.Contain("present.1.value"));
        Assert.That(error.Message, Does.Contain("model.onnx"));
    }

    [Test]
    public void AGraphWithoutLogitsIsRefusedAsTheScoringRunnerRefusesIt()
    {
        var error = Assert.Throws<InvalidDataException>(() => OnnxTextGenerator.Load(LlmTestModels.NoLogits))!;
        Assert.That(error.Message, Does.Contain("no 'logits' output").And.Contain("hidden_states"));
    }

    [Test]
    public async Task AnEmptyPromptListIsRefused()
    {
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        var error = (await Assert.ThrowsAsync<ArgumentException>(async () => await generator.GenerateAsync([], new GenerationOptions())))!;
        Assert.That(error.Message, Does.Contain("prompt list is empty"));
    }

    [Test]
    public async Task AnEmptyPromptIsRefused()
    {
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        var error = (await Assert.ThrowsAsync<ArgumentException>(async () => await generator.GenerateAsync(["fine", ""], new GenerationOptions())))!;
        Assert.That(error.Message, Does.Contain("Prompt 1 is empty"));
    }

    [Test]
    public void APromptThatLeavesNoPositionIsRefusedWithTheLimit()
    {
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        Assert.That(generator.MaxLength, Is.EqualTo(512), "config.json max_position_embeddings");
        var prompt = Enumerable.Repeat(1000, 512).ToArray();

        var error = Assert.Throws<ArgumentException>(() => generator.Generate([[5], prompt], new GenerationOptions(), default))!;

        Assert.That(error.Message, Does.Contain("Prompt 1 has 512 tokens").And.Contain("511"));
        Assert.That(generator.Generate([prompt[..511]], new GenerationOptions { MaxNewTokens = 4 }, default)[0].TokenIds, Has.Count.EqualTo(1),
            "511 tokens leave one position");
    }

    [TestCase(0, 0f, 1f, "MaxNewTokens")]
    [TestCase(5, -1f, 1f, "Temperature")]
    [TestCase(5, float.NaN, 1f, "Temperature")]
    [TestCase(5, 1f, 0f, "TopP")]
    [TestCase(5, 1f, 1.5f, "TopP")]
    public void OptionsOutOfRangeAreNamed(int maxNewTokens, float temperature, float topP, string option)
    {
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        var options = new GenerationOptions { MaxNewTokens = maxNewTokens, Temperature = temperature, TopP = topP };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate([[5]], options, default))!;
        Assert.That(error.Message, Does.Contain("GenerationOptions." + option));
    }

    [Test]
    public void TokenIdsOutsideTheVocabularyAndEmptyStopStringsAreNamed()
    {
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        var tracked = Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate([[5]], new GenerationOptions { TrackedTokenIds = [151936] }, default))!;
        Assert.That(tracked.Message, Does.Contain("TrackedTokenIds holds 151936").And.Contain("151936"));
        var stop = Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate([[5]], new GenerationOptions { StopTokenIds = [-1] }, default))!;
        Assert.That(stop.Message, Does.Contain("StopTokenIds holds -1"));
        var empty = Assert.Throws<ArgumentException>(() => generator.Generate([[5]], new GenerationOptions { StopStrings = [""] }, default))!;
        Assert.That(empty.Message, Does.Contain("StopStrings"));
        var prompt = Assert.Throws<ArgumentException>(() => generator.Generate([[151936]], new GenerationOptions(), default))!;
        Assert.That(prompt.Message, Does.Contain("Prompt 0 holds token id 151936"));
    }

    [Test]
    public async Task TextPromptsAreTokenizedAsTheTokenizerDoes()
    {
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        const string prompt = "<|im_start|>user\nIs the sky blue?<|im_end|>\n<|im_start|>assistant\n";
        var ids = generator.Tokenize(prompt);
        Assert.That(generator.CountTokens(prompt), Is.EqualTo(ids.Count));
        Assert.That(ids[0], Is.EqualTo(151644), "<|im_start|> is one added token");
        Assert.That(generator.Decode(ids), Is.EqualTo(prompt));

        var fromText = (await generator.GenerateAsync([prompt], new GenerationOptions { MaxNewTokens = 6 }))[0];
        var fromIds = generator.Generate([[.. ids]], new GenerationOptions { MaxNewTokens = 6 }, default)[0];
        Assert.That(fromText.TokenIds, Is.EqualTo(fromIds.TokenIds));
        Assert.That(fromText.PromptTokens, Is.EqualTo(ids.Count));
        Assert.That(generator.Decode([151935, 151700]), Is.Empty, "ids past the tokenizer's vocabulary decode to nothing");
    }

    [Test]
    public void MemoryEstimateFollowsTheCacheFormula()
    {
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3Gen);
        var config = model.Config;
        Assert.That(generator.CacheBytesPerToken, Is.EqualTo((long)config.LayerCount * 2 * config.KeyValueHeads * config.HeadDimension * 4));

        var one = generator.EstimateMemoryBytes(1, 100, 50);
        Assert.That(generator.EstimateMemoryBytes(4, 100, 50), Is.EqualTo(4 * one), "linear in the batch");
        Assert.That(generator.EstimateMemoryBytes(1, 100, 60) - one, Is.EqualTo(2 * 10 * generator.CacheBytesPerToken), "each new token: its cache entry, past and present");
        Assert.That(one, Is.GreaterThan(100L * config.VocabularySize * 4), "the prefill's logits are counted");
    }
}
