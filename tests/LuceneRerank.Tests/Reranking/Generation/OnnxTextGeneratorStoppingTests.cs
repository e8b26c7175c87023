using LuceneRerank.Reranking.Generation;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Tests.Reranking.Llm;

namespace LuceneRerank.Tests.Reranking.Generation;

/// <summary>
/// How continuations end and stream: stop strings across token boundaries, end-of-sequence ids from config.json and
/// generation_config.json, the token limit and the model's last position, cancellation, the time budget, and the
/// order and content of the streamed tokens. Expected tokens come from the numpy greedy reference.
/// </summary>
public sealed class OnnxTextGeneratorStoppingTests
{
    [Test]
    public void StopStringAcrossATokenBoundaryEndsTheTextBeforeIt()
    {
        var reference = GreedyReference.Load();
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        var tokens = reference.Greedy[0];
        var full = generator.Decode(tokens);
        var boundary = generator.Decode(tokens[..4]).Length;
        Assert.That(full, Does.StartWith(generator.Decode(tokens[..4])));
        var stop = full.Substring(boundary - 1, 2);
        var last = Enumerable.Range(1, tokens.Length).First(k => generator.Decode(tokens[..k]).Contains(stop, StringComparison.Ordinal));
        Assert.That(generator.Decode([tokens[last - 1]]), Does.Not.Contain(stop), "the stop string spans two tokens");

        var result = generator.Generate([reference.Prompts[0]], new GenerationOptions { MaxNewTokens = 10, StopStrings = ["never appears \u0001", stop] }, default)[0];

        Assert.That(result.StopReason, Is.EqualTo(GenerationStopReason.StopString));
        Assert.That(result.TokenIds, Is.EqualTo(tokens[..last]));
        Assert.That(result.Text, Is.EqualTo(full[..full.IndexOf(stop, StringComparison.Ordinal)]));
    }

    [Test]
    public void StreamedTokensArriveInOrderAndSpellTheText()
    {
        var reference = GreedyReference.Load();
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        var full = generator.Decode(reference.Greedy[2]);
        var stop = full.Substring(full.Length / 2, 2);
        var steps = new List<GenerationStep>();

        var results = generator.Generate(reference.Prompts, new GenerationOptions { MaxNewTokens = 10, StopStrings = [stop], OnToken = steps.Add }, default);

        Assert.That(results[2].StopReason, Is.EqualTo(GenerationStopReason.StopString));
        for (var i = 0; i < results.Count; i++)
        {
            var mine = steps.Where(s => s.PromptIndex == i).ToList();
            Assert.That(mine.Select(s => s.StepIndex), Is.EqualTo(Enumerable.Range(0, results[i].TokenIds.Count)), $"prompt {i}: steps in order");
            Assert.That(mine.Select(s => s.TokenId), Is.EqualTo(results[i].TokenIds), $"prompt {i}");
            Assert.That(string.Concat(mine.Select(s => s.TokenText)), Is.EqualTo(results[i].Text), $"prompt {i}: the pieces spell the text");
        }

        var stepOfToken = steps.Select((s, order) => (s, order)).ToList();
        Assert.That(stepOfToken.Where(x => x.s.StepIndex == 1).Min(x => x.order), Is.GreaterThan(stepOfToken.Where(x => x.s.StepIndex == 0).Max(x => x.order)),
            "every row's first token streams before any row's second (one pass per step)");
    }

    [Test]
    public void EndOfSequenceIdsComeFromConfigAndGenerationConfig()
    {
        var reference = GreedyReference.Load();
        var folder = CopyWithConfigs(
            $$"""{"eos_token_id": {{reference.Greedy[0][3]}}}""",
            $$"""{"eos_token_id": [{{reference.Greedy[2][5]}}, 151643]}""");
        try
        {
            using var generator = OnnxTextGenerator.Load(folder);
            int[] eos = [reference.Greedy[0][3], reference.Greedy[2][5], 151643];
            Assert.That(generator.EndOfSequenceTokenIds, Is.EquivalentTo(eos));

            var results = generator.Generate(reference.Prompts, new GenerationOptions { MaxNewTokens = 10 }, default);

            for (var i = 0; i < results.Count; i++)
            {
                var at = Array.FindIndex(reference.Greedy[i], eos.Contains);
                Assert.That(results[i].TokenIds, Is.EqualTo(at < 0 ? reference.Greedy[i] : reference.Greedy[i][..(at + 1)]), $"prompt {i}");
                Assert.That(results[i].StopReason, Is.EqualTo(at < 0 ? GenerationStopReason.MaxNewTokens : GenerationStopReason.EndOfSequence), $"prompt {i}");
                Assert.That(results[i].Text, Is.EqualTo(generator.Decode(at < 0 ? reference.Greedy[i] : reference.Greedy[i][..at])), $"prompt {i}");
            }

            Assert.That(results[0].TokenIds, Has.Count.LessThanOrEqualTo(4));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void TheGeneratedModelsConfigsNameQwensEndOfSequenceIds()
    {
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        Assert.That(generator.EndOfSequenceTokenIds, Is.EqualTo(new[] { 151643, 151645 }), "config.json 151645 and generation_config.json [151645, 151643]");
    }

    [Test]
    public void MalformedEosTokenIdIsNamed()
    {
        var folder = CopyWithConfigs("""{"eos_token_id": "eos"}""", null);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => OnnxTextGenerator.Load(folder))!;
            Assert.That(error.Message, Does.Contain("config.json").And.Contain("eos_token_id").And.Contain("\"eos\""));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void MaxNewTokensAndTheLastPositionEndGeneration()
    {
        var reference = GreedyReference.Load();
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        var three = generator.Generate(reference.Prompts, new GenerationOptions { MaxNewTokens = 3 }, default);
        Assert.That(three.Select(r => r.TokenIds), Is.EqualTo(reference.Greedy.Select(g => g[..3])));
        Assert.That(three.Select(r => r.StopReason), Is.All.EqualTo(GenerationStopReason.MaxNewTokens));

        using var short8 = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen, new DecoderRunnerOptions { MaxLength = 8 });
        var capped = short8.Generate([reference.Prompts[0], reference.Prompts[1]], new GenerationOptions { MaxNewTokens = 10 }, default);
        Assert.That(capped[0].TokenIds, Is.EqualTo(reference.Greedy[0][..2]), "6 prompt tokens + 2 new fill positions 0..7");
        Assert.That(capped[1].TokenIds, Is.EqualTo(reference.Greedy[1][..6]), "2 prompt tokens + 6 new");
        Assert.That(capped.Select(r => r.StopReason), Is.All.EqualTo(GenerationStopReason.MaxNewTokens));
    }

    [Test]
    public async Task CancellationBetweenStepsThrows()
    {
        var reference = GreedyReference.Load();
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        using var cancellation = new CancellationTokenSource();
        var streamed = 0;
        var options = new GenerationOptions
        {
            MaxNewTokens = 10,
            OnToken = step =>
            {
                streamed++;
                if (step.StepIndex == 2)
                {
                    cancellation.Cancel();
                }
            },
        };

        var task = generator.GenerateAsync(["The quick brown fox", "jumps"], options, cancellation.Token);

        Assert.That(task.IsCanceled, Is.True, "cancellation comes back in the task");
        await Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await task);
        Assert.That(streamed, Is.EqualTo(6), "the step in progress finishes (3 steps × 2 rows), no further pass runs");
        Assert.That(generator.GenerateAsync(["x"], new GenerationOptions(), cancellation.Token).IsCanceled, Is.True, "an already cancelled token");
    }

    [Test]
    public void AnExhaustedTimeBudgetReturnsThePartialText()
    {
        var reference = GreedyReference.Load();
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);

        var none = generator.Generate(reference.Prompts, new GenerationOptions { TimeBudget = TimeSpan.Zero }, default);
        Assert.That(none.Select(r => r.StopReason), Is.All.EqualTo(GenerationStopReason.TimeBudget));
        Assert.That(none.Select(r => r.TokenIds.Count), Is.All.EqualTo(0));
        Assert.That(none.Select(r => r.Text), Is.All.Empty);

        var slow = new GenerationOptions { MaxNewTokens = 50, TimeBudget = TimeSpan.FromMilliseconds(300), OnToken = _ => Thread.Sleep(60) };
        var partial = generator.Generate([reference.Prompts[1]], slow, default)[0];
        Assert.That(partial.StopReason, Is.EqualTo(GenerationStopReason.TimeBudget));
        Assert.That(partial.TokenIds.Count, Is.InRange(1, 10), "at least the first token, then ≈ 300 ms / 60 ms per step");
        Assert.That(partial.TokenIds, Is.EqualTo(GreedyPrefix(generator, reference.Prompts[1], partial.TokenIds.Count)));
        Assert.That(partial.Text, Is.EqualTo(generator.Decode(partial.TokenIds)));
    }

    private static IReadOnlyList<int> GreedyPrefix(OnnxTextGenerator generator, int[] prompt, int count) =>
        generator.Generate([prompt], new GenerationOptions { MaxNewTokens = count }, default)[0].TokenIds;

    private static string CopyWithConfigs(string configEos, string? generationConfig)
    {
        var source = LlmTestModels.TinyQwen3Gen;
        var folder = Path.Combine(Path.GetTempPath(), "lrr-gen-eos-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var file in new[] { "model.onnx", "model.onnx_data", "tokenizer.json", "tokenizer_config.json" })
        {
            File.CreateSymbolicLink(Path.Combine(folder, file), Path.Combine(source, file));
        }

        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(source, "config.json")))!.AsObject();
        config["eos_token_id"] = System.Text.Json.Nodes.JsonNode.Parse(configEos)!["eos_token_id"]!.DeepClone();
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        if (generationConfig is not null)
        {
            File.WriteAllText(Path.Combine(folder, "generation_config.json"), generationConfig);
        }

        return folder;
    }
}
