using System.Numerics.Tensors;
using System.Text.Json;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Tests.Reranking.Llm;

namespace LuceneRerank.Tests.Reranking.Generation;

/// <summary>
/// The references generation is checked against: tiny-qwen3-gen's reference.json (prompts and their greedy
/// continuations decoded by generate.py's numpy forward pass, float64, no cache) and a no-cache greedy decode through
/// the ONNX graph (the whole sequence recomputed with an empty past at every step, by <see cref="DecoderOnlyModel"/>).
/// </summary>
internal sealed record GreedyReference(IReadOnlyList<int[]> Prompts, int MaxNewTokens, IReadOnlyList<int[]> Greedy)
{
    public static GreedyReference Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(LlmTestModels.TinyQwen3Gen, "reference.json")));
        var root = document.RootElement;
        static int[][] Lists(JsonElement e) => [.. e.EnumerateArray().Select(l => l.EnumerateArray().Select(v => v.GetInt32()).ToArray())];
        return new GreedyReference(Lists(root.GetProperty("prompts")), root.GetProperty("maxNewTokens").GetInt32(), Lists(root.GetProperty("greedy")));
    }

    /// <summary>Greedy decoding without a cache: every step runs prompt + tokens so far through the graph with an empty past.</summary>
    public static (int[] Tokens, float[][] Logits) NoCacheGreedy(DecoderOnlyModel model, int[] prompt, int steps)
    {
        var vocabulary = Enumerable.Range(0, model.Config.VocabularySize).ToArray();
        var sequence = prompt.ToList();
        var tokens = new int[steps];
        var logits = new float[steps][];
        for (var step = 0; step < steps; step++)
        {
            var next = model.ScoreNextToken([sequence.ToArray()], vocabulary)[0];
            logits[step] = [.. next.Logits.Select(l => l - next.LogSumExp)];
            tokens[step] = TensorPrimitives.IndexOfMax<float>(next.Logits);
            sequence.Add(tokens[step]);
        }

        return (tokens, logits);
    }
}
