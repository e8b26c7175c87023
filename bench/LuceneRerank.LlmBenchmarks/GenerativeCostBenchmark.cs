using LuceneRerank.Models;
using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Generative;
using LuceneRerank.Reranking.Listwise;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Reranking.Pairwise;
using LuceneRerank.Reranking.T5;

namespace LuceneRerank.LlmBenchmarks;

/// <summary>
/// Cost per rerank of the T5 family (monoT5, RankT5) and of the listwise (FIRST) and pairwise (PRP) methods, on the
/// decoder-only model and on the tiny T5 test model: forward passes, tokens processed, ONNX Runtime and wall time.
/// </summary>
internal sealed class GenerativeCostBenchmark(DecoderOnlyModel decoder, string repositoryRoot, SciFactTexts texts, TextWriter output)
{
    public async Task RunAsync(IReadOnlyList<int> depths, int queryCount)
    {
        var t5Folder = Path.Combine(repositoryRoot, "tests", "TestModels", "T5");
        var tiny = Path.Combine(t5Folder, "tiny");
        var sharedTokenizer = new T5ModelFiles { Tokenizer = "../spiece.model" };
        using var monoT5 = T5Reranker.Create(T5RerankerSettings.Load(Path.Combine(tiny, "monot5.json")) with { Files = sharedTokenizer }, tiny);
        using var rankT5 = T5Reranker.Create(T5RerankerSettings.Load(Path.Combine(tiny, "rankt5.json")) with { Files = sharedTokenizer }, tiny);
        using var t5 = T5PromptLabelModel.Load(tiny, "tiny-random-t5", 512, sharedTokenizer);
        var t5Listwise = ListwisePromptTemplate.FromManifest(ModelManifestLoader.Load(Path.Combine(t5Folder, "oracle", "listwise.json")));
        var t5Pairwise = PairwisePromptTemplate.FromManifest(ModelManifestLoader.Load(Path.Combine(t5Folder, "oracle", "pairwise.json")));
        var qwenListwise = ListwisePromptTemplate.FromManifest(ModelManifestLoader.Load(Path.Combine(repositoryRoot, "models", "qwen3-0.6b-listwise.json")));
        var qwenPairwise = PairwisePromptTemplate.FromManifest(ModelManifestLoader.Load(Path.Combine(repositoryRoot, "models", "qwen3-0.6b-pairwise.json")));
        var qwen = new DecoderPromptLabelModel(decoder, "tiny-qwen3");
        var methods = new (string Name, IReranker Reranker)[]
        {
            ("monoT5 (tiny T5)", monoT5),
            ("RankT5 (tiny T5)", rankT5),
            ("listwise (tiny T5)", new ListwiseReranker(t5, t5Listwise)),
            ("pairwise (tiny T5)", new PairwiseReranker(t5, t5Pairwise)),
            ("listwise (tiny Qwen3)", new ListwiseReranker(qwen, qwenListwise)),
            ("listwise+InsertRank (Qwen3)", new ListwiseReranker(qwen, qwenListwise, new ListwiseRerankerOptions { InsertFirstStageScores = true })),
            ("pairwise (tiny Qwen3)", new PairwiseReranker(qwen, qwenPairwise)),
        };

        output.WriteLine();
        output.WriteLine("T5 family, listwise (window 20, stride 10) and pairwise (all pairs up to 20, else bubble top-10):");
        output.WriteLine($"tiny T5: {monoT5.Description}");
        var table = new CostTable(texts, output, 28);
        table.WriteHeader();
        await table.RunAsync(methods, depths, queryCount);
    }
}
