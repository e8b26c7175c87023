using System.Diagnostics;
using System.Text.Json.Nodes;
using LuceneRerank.Models;
using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Generation;
using LuceneRerank.Reranking.Reasoning;

namespace LuceneRerank.LlmBenchmarks;

/// <summary>
/// Cost per rerank of the reasoning methods (setwise heap sort top-10, reasoning listwise window 20 stride 10,
/// reasoning pointwise) on a generating decoder, with the repository's manifests (Rank-R1, ReasonRank, ERank) limited
/// to the model's positions: generations (passes), prompt tokens, generated tokens, generator time and wall time.
/// </summary>
internal sealed class ReasoningCostBenchmark(OnnxTextGenerator generator, string repositoryRoot, SciFactTexts texts, TextWriter output, int maxNewTokens)
{
    public async Task RunAsync(IReadOnlyList<int> depths, int queryCount)
    {
        var methods = new (string Name, IReranker Reranker)[]
        {
            ("setwise heap top-10 (Rank-R1)", new SetwiseReranker(generator, Template("rank-r1-7b.json"), "tiny-qwen3-gen", new SetwiseRerankerOptions { MaxLength = generator.MaxLength })),
            ("setwise bubble top-10 (Rank-R1)", new SetwiseReranker(generator, Template("rank-r1-7b.json"), "tiny-qwen3-gen", new SetwiseRerankerOptions { MaxLength = generator.MaxLength, Strategy = SetwiseStrategy.Bubble })),
            ("reasoning listwise (ReasonRank)", new ReasoningListwiseReranker(generator, Template("reasonrank-7b.json"), "tiny-qwen3-gen", new ReasoningListwiseRerankerOptions { MaxLength = generator.MaxLength })),
            ("reasoning pointwise (ERank)", new ReasoningPointwiseReranker(generator, Template("erank-4b.json"), "tiny-qwen3-gen", new ReasoningRerankerOptions { MaxLength = generator.MaxLength })),
        };

        output.WriteLine();
        output.WriteLine($"Reasoning methods (max {maxNewTokens} new tokens, passages cut to 16 tokens, {generator.MaxLength} positions; per rerank, mean of {queryCount} queries):");
        output.WriteLine($"{"method",-32} {"depth",5} {"passes",7} {"prompt tok",10} {"generated",9} {"gen ms",9} {"wall ms",9}");
        // One uncounted rerank per method first: ONNX Runtime grows its arenas to the largest batch it meets.
        foreach (var (_, reranker) in methods)
        {
            await reranker.ScoreAsync(texts.Queries[0], [.. texts.Passages.Take(depths.Min())]);
        }

        foreach (var depth in depths)
        {
            foreach (var (name, reranker) in methods)
            {
                var statistics = ((IRerankStatisticsSource)reranker).Statistics;
                statistics.Reset();
                var wall = TimeSpan.Zero;
                for (var q = 0; q < queryCount; q++)
                {
                    var passages = Enumerable.Range(q * depth, depth).Select(i => texts.Passages[i % texts.Passages.Count]).ToArray();
                    var started = Stopwatch.GetTimestamp();
                    await reranker.ScoreAsync(texts.Queries[q % texts.Queries.Count], passages);
                    wall += Stopwatch.GetElapsedTime(started);
                }

                output.WriteLine(
                    $"{name,-32} {depth,5} {statistics.ForwardPasses / (double)queryCount,7:0.#} {statistics.TokensProcessed / (double)queryCount,10:0} " +
                    $"{statistics.GeneratedTokens / (double)queryCount,9:0} {statistics.InferenceTime.TotalMilliseconds / queryCount,9:0} {wall.TotalMilliseconds / queryCount,9:0}");
            }
        }
    }

    /// <summary>The manifest's prompt with the limits of the benchmark model.</summary>
    private ReasoningPromptTemplate Template(string manifestFile) =>
        ReasoningPromptTemplate.FromManifest(ModelManifestLoader.Load(Path.Combine(repositoryRoot, "models", manifestFile))) with
        {
            MaxNewTokens = maxNewTokens,
            MaxPassageTokens = 16,
            MaxLength = generator.MaxLength,
        };
}
