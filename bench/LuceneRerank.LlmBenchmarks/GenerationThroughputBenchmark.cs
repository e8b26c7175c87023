using System.CommandLine;
using System.Diagnostics;
using LuceneRerank.Reranking.Generation;
using LuceneRerank.Reranking.Llm;

namespace LuceneRerank.LlmBenchmarks;

/// <summary>
/// <c>lrr-llm-bench generate</c>: generated tokens per second of <see cref="OnnxTextGenerator"/> (KV cache, greedy,
/// no stop) on SciFact passages as prompts, batched by the memory budget and one prompt per batch, fp32 and
/// float16-cache graphs. Without <c>--model</c> it uses the generated tiny-qwen3-gen test model.
/// </summary>
internal static class GenerationThroughputBenchmark
{
    public static Command CreateCommand(Func<string> repositoryRoot)
    {
        var model = new Option<DirectoryInfo?>("--model") { Description = "Decoder model folder with past/present (default: the generated tiny-qwen3-gen)." };
        var shared = new Option<DirectoryInfo?>("--shared") { Description = "The shared data folder; default: ../shared beside the repository." };
        var prompts = new Option<int>("--prompts") { Description = "Prompts (SciFact passages).", DefaultValueFactory = _ => 16 };
        var promptTokens = new Option<int>("--prompt-tokens") { Description = "Prompt length cap, tokens.", DefaultValueFactory = _ => 128 };
        var newTokens = new Option<int>("--new-tokens") { Description = "Tokens generated per prompt.", DefaultValueFactory = _ => 64 };
        var command = new Command("generate", "Generated tokens per second with the KV-cache generator.") { model, shared, prompts, promptTokens, newTokens };
        command.SetAction(async (result, _) =>
        {
            var root = repositoryRoot();
            var sharedFolder = result.GetValue(shared)?.FullName ?? Path.GetFullPath(Path.Combine(root, "..", "shared"));
            var folder = result.GetValue(model)?.FullName
                ?? Path.Combine(Path.GetDirectoryName(TestModelGenerator.GenerateTinyQwen3(root, sharedFolder))!, "tiny-qwen3-gen");
            var texts = SciFactTexts.Load(sharedFolder);
            await RunAsync(folder, texts, result.GetValue(prompts), result.GetValue(promptTokens), result.GetValue(newTokens), Console.Out);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(string folder, SciFactTexts texts, int count, int promptTokens, int newTokens, TextWriter output)
    {
        output.WriteLine($"generation: {folder}, {count} SciFact passages as prompts (≤ {promptTokens} tokens), {newTokens} new tokens each, greedy, no stop");
        output.WriteLine("| graph | batching | rows per batch | prompt tokens | generated tokens | wall s | generated tokens/s |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var fp16 in new[] { false, true })
        {
            foreach (var (label, options) in new[]
            {
                ("memory budget 1 GiB", new DecoderRunnerOptions { PreferFp16 = fp16 }),
                ("one prompt per batch", new DecoderRunnerOptions { PreferFp16 = fp16, MaxBatchSize = 1 }),
            })
            {
                using var generator = OnnxTextGenerator.Load(folder, options);
                var prompts = texts.Passages.Take(count)
                    .Select(p => generator.Decode([.. generator.Tokenize(p).Take(promptTokens)]))
                    .ToList();
                var generation = new GenerationOptions { MaxNewTokens = newTokens };
                await generator.GenerateAsync(prompts.Take(2).ToList(), generation); // warm-up
                var started = Stopwatch.GetTimestamp();
                var results = await generator.GenerateAsync(prompts, generation);
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                var generated = results.Sum(r => r.TokenIds.Count);
                var rows = options.MaxBatchSize == 1 ? "1" : $"≤ {options.MaxBatchSize}";
                output.WriteLine(
                    $"| {Path.GetFileName(generator.ModelPath)} | {label} | {rows} | {results.Sum(r => r.PromptTokens)} | {generated} | {seconds:0.00} | {generated / seconds:0} |");
            }
        }
    }
}
