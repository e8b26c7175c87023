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
        var table = new CostTable(texts, output, 24);
        table.WriteHeader();
        await table.RunAsync(methods, depths, queryCount);
    }
}
