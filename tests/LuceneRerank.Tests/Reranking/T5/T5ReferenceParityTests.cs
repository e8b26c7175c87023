using System.Text.Json;
using LuceneRerank.Onnx;
using LuceneRerank.Reranking.T5;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Reranking.T5;

/// <summary>
/// The tiny random T5 (tests/TestModels/T5/tiny) run through ONNX Runtime by the C# code, against the generator's
/// independent numpy forward pass: prompt ids, first-step logits and monoT5/RankT5 scores to 1e-4. The reference names its
/// SciFact queries and passages by id and SHA-256; the tests that need the texts are ignored when ../shared lacks them.
/// </summary>
public sealed class T5ReferenceParityTests
{
    private const float Tolerance = 1e-4f;

    private sealed record Case(
        string QueryId, string QuerySha256, string PassageId, string PassageField, int PassageMaxChars, string PassageSha256,
        int[] MonoT5InputIds, int[] RankT5InputIds, float[] MonoT5Logits, float MonoT5Score, float RankT5Score)
    {
        /// <summary>The SciFact query, rebuilt from ../shared (the reference names it; SciFact is not committed).</summary>
        public string Query => SciFactText.Find(SciFactText.Queries, QueryId, "text", QuerySha256, $"{ReferencePath} case {QueryId}/{PassageId}")
            ?? throw new InvalidOperationException("call SciFactText.RequireAvailable first");

        /// <summary>The SciFact passage (cut as the generator cut it), rebuilt from ../shared.</summary>
        public string Passage => SciFactText.Find(SciFactText.Corpus, PassageId, PassageField, PassageSha256, $"{ReferencePath} case {QueryId}/{PassageId}", PassageMaxChars)
            ?? throw new InvalidOperationException("call SciFactText.RequireAvailable first");
    }

    private sealed record Reference(int[] ProbeIds, int TrueId, int FalseId, int RankTokenId, Case[] Cases);

    private static string ReferencePath => Path.Combine(T5TestModels.Tiny, "reference.json");

    private static Reference Load() => JsonSerializer.Deserialize<Reference>(
        File.ReadAllText(ReferencePath), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    [Test]
    public void Prompt_ids_equal_the_python_tokenizers()
    {
        SciFactText.RequireAvailable();
        var reference = Load();
        using var mono = T5TestModels.Load(T5TestModels.Tiny, "monot5.json");
        using var rank = T5TestModels.Load(T5TestModels.Tiny, "rankt5.json");
        Assert.That(reference.Cases, Has.Length.GreaterThanOrEqualTo(10));
        foreach (var c in reference.Cases)
        {
            Assert.That(mono.EncodePrompt(c.Query, c.Passage), Is.EqualTo(c.MonoT5InputIds), c.Query);
            Assert.That(rank.EncodePrompt(c.Query, c.Passage), Is.EqualTo(c.RankT5InputIds), c.Query);
        }
    }

    [Test]
    public void First_step_logits_match_numpy_in_one_padded_batch()
    {
        var reference = Load();
        using var model = T5EncoderDecoderModel.Load(
            Path.Combine(T5TestModels.Tiny, "encoder_model.onnx"), Path.Combine(T5TestModels.Tiny, "decoder_model.onnx"), new OnnxRuntimeOptions());
        var logits = model.FirstStepLogits(reference.Cases.Select(c => c.MonoT5InputIds).ToArray(), 0, 0, reference.ProbeIds);
        for (var i = 0; i < reference.Cases.Length; i++)
        {
            Assert.That(logits[i], Is.EqualTo(reference.Cases[i].MonoT5Logits).Within(Tolerance), $"case {i}");
        }

        Assert.That(reference.Cases.Select(c => c.MonoT5InputIds.Length).Distinct().Count(), Is.GreaterThan(1), "the batch must need padding");
    }

    [TestCase(100_000)]
    [TestCase(512)]
    public void MonoT5_and_RankT5_scores_match_numpy_for_any_batching(int tokenBudget)
    {
        SciFactText.RequireAvailable();
        var reference = Load();
        var dir = T5TestModels.Tiny;
        using var mono = T5Reranker.Create(T5TestModels.Settings(dir, "monot5.json") with { TokenBudget = tokenBudget }, dir);
        using var rank = T5Reranker.Create(T5TestModels.Settings(dir, "rankt5.json") with { TokenBudget = tokenBudget }, dir);
        foreach (var group in reference.Cases.GroupBy(c => c.Query))
        {
            var cases = group.ToArray();
            var passages = cases.Select(c => c.Passage).ToArray();
            var monoScores = mono.ScoreAsync(group.Key, passages).GetAwaiter().GetResult();
            var rankScores = rank.ScoreAsync(group.Key, passages).GetAwaiter().GetResult();
            Assert.That(monoScores, Is.EqualTo(cases.Select(c => c.MonoT5Score).ToArray()).Within(Tolerance));
            Assert.That(rankScores, Is.EqualTo(cases.Select(c => c.RankT5Score).ToArray()).Within(Tolerance));
        }

        Assert.That(mono.Statistics.PassagesScored, Is.EqualTo(reference.Cases.Length));
        Assert.That(mono.Statistics.ForwardPasses, Is.EqualTo(reference.Cases.Length));
        Assert.That(mono.Statistics.TokensProcessed, Is.EqualTo(reference.Cases.Sum(c => c.MonoT5InputIds.Length + 1)));
    }
}
