using System.CommandLine;
using LuceneRerank.Reranking.Generation;
using LuceneRerank.Reranking.Llm;

namespace LuceneRerank.LlmBenchmarks;

/// <summary>
/// <c>lrr-llm-bench</c>: prints forward passes, tokens processed and time per rerank of each LLM reranking method
/// (pointwise yes/no, pointwise with InsertRank, query likelihood; then monoT5, RankT5, listwise and pairwise) at
/// top-20 and top-100 over SciFact texts; with <c>--reasoning-only</c>, the generations, prompt and generated tokens and
/// time of the reasoning methods (setwise, reasoning listwise, reasoning pointwise) instead.
/// Without <c>--model</c> it generates and uses the tiny random Qwen3-shaped test decoder (real 151,936-word
/// vocabulary, so the logits cost is real; the transformer itself is tiny).
/// </summary>
public static class Program
{
    /// <summary>Builds the command.</summary>
    public static RootCommand CreateRootCommand()
    {
        var model = new Option<DirectoryInfo?>("--model") { Description = "Decoder model folder (model.onnx, config.json, tokenizer.json); default: the generated tiny Qwen3 test model." };
        var shared = new Option<DirectoryInfo?>("--shared") { Description = "The shared data folder (data/scifact, models/qwen3-tokenizer); default: ../shared beside the repository." };
        var depths = new Option<int[]>("--depth") { Description = "Rerank depths (top-k).", DefaultValueFactory = _ => [20, 100], AllowMultipleArgumentsPerToken = true };
        var queries = new Option<int>("--queries") { Description = "Queries per depth.", DefaultValueFactory = _ => 3 };
        var budget = new Option<long>("--memory-budget-mib") { Description = "Runner memory budget per ONNX Runtime call, MiB.", DefaultValueFactory = _ => 1024 };
        var reasoningOnly = new Option<bool>("--reasoning-only") { Description = "Only the reasoning methods (setwise, reasoning listwise, reasoning pointwise) on the generating tiny Qwen3." };
        var newTokens = new Option<int>("--max-new-tokens") { Description = "Reasoning methods: most tokens generated per prompt.", DefaultValueFactory = _ => 32 };
        var root = new RootCommand("lrr-llm-bench: cost (forward passes, tokens, time) of the LLM reranking methods per top-k rerank.")
        {
            model, shared, depths, queries, budget, reasoningOnly, newTokens,
        };
        root.SetAction(async (result, _) =>
        {
            var repositoryRoot = FindRepositoryRoot();
            var sharedFolder = result.GetValue(shared)?.FullName ?? Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared"));
            var modelFolder = result.GetValue(model)?.FullName ?? TestModelGenerator.GenerateTinyQwen3(repositoryRoot, sharedFolder);
            var texts = SciFactTexts.Load(sharedFolder);
            if (result.GetValue(reasoningOnly))
            {
                // The generation variant beside the default tiny model (untied head, EOS ids in its configs), unless a model is given.
                var generatorFolder = result.GetValue(model)?.FullName ?? Path.Combine(Path.GetDirectoryName(modelFolder)!, "tiny-qwen3-gen");
                using var generator = OnnxTextGenerator.Load(generatorFolder, new DecoderRunnerOptions { MemoryBudgetBytes = result.GetValue(budget) * 1024 * 1024 });
                await new ReasoningCostBenchmark(generator, repositoryRoot, texts, Console.Out, result.GetValue(newTokens)).RunAsync(result.GetValue(depths)!, result.GetValue(queries));
                return 0;
            }

            using var decoder = DecoderOnlyModel.Load(modelFolder, new DecoderRunnerOptions { MemoryBudgetBytes = result.GetValue(budget) * 1024 * 1024 });
            var benchmark = new LlmCostBenchmark(decoder, repositoryRoot, texts, Console.Out);
            await benchmark.RunAsync(result.GetValue(depths)!, result.GetValue(queries));
            var generative = new GenerativeCostBenchmark(decoder, repositoryRoot, texts, Console.Out);
            await generative.RunAsync(result.GetValue(depths)!, result.GetValue(queries));
            return 0;
        });
        root.Subcommands.Add(GenerationThroughputBenchmark.CreateCommand(FindRepositoryRoot));
        return root;
    }

    /// <summary>Runs the benchmark.</summary>
    public static Task<int> Main(string[] args) => CreateRootCommand().Parse(args).InvokeAsync();

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LuceneRerank.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("LuceneRerank.sln not found above the current folder.");
    }
}
