using LuceneRerank.Models;
using LuceneRerank.Reranking;
using LuceneRerank.Reranking.InContext;

namespace LuceneRerank.LlmBenchmarks;

/// <summary>
/// Cost per rerank of in-context reranking (ICR) on the tiny random Qwen3 exported with attention outputs (generated
/// by tests/generators/llm-test-models/generate_icr.py, 4,096 positions) with the qwen3-0.6b-icr manifest's prompt:
/// 2 passes per window over the whole prompt.
/// </summary>
internal sealed class IcrCostBenchmark(string repositoryRoot, string sharedFolder, SciFactTexts texts, TextWriter output)
{
    public async Task RunAsync(IReadOnlyList<int> depths, int queryCount)
    {
        using var model = DecoderAttentionModel.Load(Path.Combine(TestModelGenerator.GenerateIcrModels(repositoryRoot, sharedFolder), "tiny-qwen3-attentions"));
        var manifest = ModelManifestLoader.Load(Path.Combine(repositoryRoot, "models", "qwen3-0.6b-icr.json"));
        var reranker = new IcrReranker(model, manifest, null);
        output.WriteLine();
        output.WriteLine("In-context reranking (2 passes per window of passages that fit the maximum length):");
        output.WriteLine($"tiny Qwen3 with attentions: {reranker.Description}");
        var table = new CostTable(texts, output, 28);
        table.WriteHeader();
        await table.RunAsync([("ICR (tiny Qwen3)", (IReranker)reranker)], depths, queryCount);
    }
}
