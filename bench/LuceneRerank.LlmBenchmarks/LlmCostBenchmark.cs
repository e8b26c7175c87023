using System.Diagnostics;
using LuceneRerank.Models;
using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Llm;

namespace LuceneRerank.LlmBenchmarks;

/// <summary>
/// Measures each LLM reranking method's cost per rerank: forward passes, tokens processed, ONNX Runtime time and wall
/// time, for several rerank depths (top-20, top-100), over SciFact queries and passages.
/// </summary>
internal sealed class LlmCostBenchmark(DecoderOnlyModel model, string repositoryRoot, SciFactTexts texts, TextWriter output)
{
    public async Task RunAsync(IReadOnlyList<int> depths, int queryCount)
    {
        var pointwiseManifest = ModelManifestLoader.Load(Path.Combine(repositoryRoot, "models", "qwen3-reranker-0.6b.json"));
        var qlManifest = ModelManifestLoader.Load(Path.Combine(repositoryRoot, "models", "qwen3-0.6b-query-likelihood.json"));
        var methods = new (string Name, IReranker Reranker)[]
        {
            ("pointwise yes/no", new PointwiseReranker(model, pointwiseManifest)),
            ("pointwise + InsertRank", new PointwiseReranker(model, pointwiseManifest, new PointwiseRerankerOptions { InsertFirstStageScores = true })),
            ("query likelihood", new QueryLikelihoodReranker(model, qlManifest)),
        };

        output.WriteLine($"model: {model.ModelPath} (vocabulary {model.Config.VocabularySize:N0}, {model.Config.LayerCount} layers, hidden {model.Config.HiddenSize}, max length {model.MaxLength})");
        output.WriteLine($"batching: {model.MemoryNote()}; padding {model.Options.PaddingSide}");
        output.WriteLine($"{queryCount} SciFact queries per depth; figures are per rerank (one query), averaged");
        output.WriteLine();
        output.WriteLine($"{"method",-24} {"depth",5} {"passes",7} {"tokens",9} {"tokens/pass",11} {"ORT ms",9} {"wall ms",9}");

        // Warm-up: the first ONNX Runtime call allocates its arenas.
        await methods[0].Reranker.ScoreAsync(texts.Queries[0], [texts.Passages[0]]);
        foreach (var depth in depths)
        {
            foreach (var (name, reranker) in methods)
            {
                var statistics = ((IRerankStatisticsSource)reranker).Statistics;
                statistics.Reset();
                var wall = TimeSpan.Zero;
                for (var q = 0; q < queryCount; q++)
                {
                    var query = texts.Queries[q % texts.Queries.Count];
                    var passages = Enumerable.Range(q * depth, depth).Select(i => texts.Passages[i % texts.Passages.Count]).ToArray();
                    var started = Stopwatch.GetTimestamp();
                    if (reranker is ICandidateReranker candidates)
                    {
                        // Synthetic first-stage scores (descending, as BM25 would give) for InsertRank.
                        await candidates.ScoreCandidatesAsync(query, [.. passages.Select((p, r) => new RerankCandidate(p, 30f - (0.1f * r), r))]);
                    }
                    else
                    {
                        await reranker.ScoreAsync(query, passages);
                    }

                    wall += Stopwatch.GetElapsedTime(started);
                }

                output.WriteLine(
                    $"{name,-24} {depth,5} {statistics.ForwardPasses / (double)queryCount,7:0.#} {statistics.TokensProcessed / (double)queryCount,9:0} " +
                    $"{statistics.TokensProcessed / (double)statistics.ForwardPasses,11:0.0} {statistics.InferenceTime.TotalMilliseconds / queryCount,9:0.0} " +
                    $"{wall.TotalMilliseconds / queryCount,9:0.0}");
            }
        }
    }
}
