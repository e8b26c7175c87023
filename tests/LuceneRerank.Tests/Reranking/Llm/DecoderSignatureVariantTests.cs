using System.Text.Json;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Reranking.Llm;

/// <summary>
/// Every decoder signature the runner accepts (with or without <c>position_ids</c>, with or without
/// <c>past_key_values.*</c>; the variants are the tiny Qwen3's graph with the input computed inside, see
/// tests/generators/signature-variants/make_variant.py) gives, batched and padded on either side, the scores of
/// one sequence at a time, and both equal the independent numpy forward pass.
/// </summary>
public sealed class DecoderSignatureVariantTests
{
    private const double Tolerance = 1e-4;

    private static IEnumerable<TestCaseData> Variants()
    {
        foreach (var padding in new[] { PaddingSide.Right, PaddingSide.Left })
        {
            yield return new TestCaseData(Array.Empty<string>(), padding).SetName($"position_ids and past_key_values, {padding} padding");
            yield return new TestCaseData(new[] { "position_ids" }, padding).SetName($"no position_ids, {padding} padding");
            yield return new TestCaseData(new[] { "past_key_values.*" }, padding).SetName($"no past_key_values, {padding} padding");
            yield return new TestCaseData(new[] { "position_ids", "past_key_values.*" }, padding).SetName($"input_ids and attention_mask only, {padding} padding");
        }
    }

    [TestCaseSource(nameof(Variants))]
    public void BatchedScoresEqualOneAtATimeScoresAndTheReference(string[] absent, PaddingSide padding)
    {
        var folder = absent.Length == 0 ? LlmTestModels.TinyQwen3 : SignatureVariants.Folder(LlmTestModels.TinyQwen3, "model.onnx", absent);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(LlmTestModels.TinyQwen3, "reference.json")));
        var root = document.RootElement;
        int[][] sequences = [.. root.GetProperty("sequences").EnumerateArray().Select(s => s.EnumerateArray().Select(x => x.GetInt32()).ToArray())];
        int[] tokenIds = [.. root.GetProperty("tokenIds").EnumerateArray().Select(x => x.GetInt32())];
        double[][] expected = [.. root.GetProperty("nextToken").EnumerateArray().Select(e => e.GetProperty("logits").EnumerateArray().Select(x => x.GetDouble()).ToArray())];
        Assert.That(sequences.Select(s => s.Length).Distinct().Count(), Is.GreaterThan(1), "the reference must mix lengths so that batches pad");

        using var batched = DecoderOnlyModel.Load(folder, new DecoderRunnerOptions { PaddingSide = padding, MemoryBudgetBytes = 1L << 30 });
        using var single = DecoderOnlyModel.Load(folder, new DecoderRunnerOptions { PaddingSide = padding, MaxBatchSize = 1 });
        var together = batched.ScoreNextToken(sequences, tokenIds);
        var alone = single.ScoreNextToken(sequences, tokenIds);
        Assert.That(batched.Statistics.ForwardPasses, Is.EqualTo(sequences.Length));
        for (var i = 0; i < sequences.Length; i++)
        {
            Assert.That(together[i].Logits, Is.EqualTo(alone[i].Logits).Within(1e-5), $"sequence {i}: batched vs one at a time");
            Assert.That(alone[i].Logits, Is.EqualTo(expected[i]).Within(Tolerance), $"sequence {i}: vs numpy");
        }
    }
}
