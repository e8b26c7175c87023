using LuceneRerank.Reranking;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Reranking;

/// <summary>
/// The half-precision export beside the fp32 one (<c>onnx/model_fp16.onnx</c>: float16 weights and float16 logits,
/// written by tests/TestModels/fp16_variant.py from the same weights): chosen by <see cref="CrossEncoderRerankerOptions.PreferFp16"/>,
/// its float16 logits read, and its scores equal to the independent numpy forward pass of the fp32 weights within
/// half precision's error.
/// </summary>
/// <remarks>
/// Tolerance: float16 has an 11-bit significand (unit roundoff 2^-11 ≈ 4.9e-4). Every weight is rounded once (relative
/// error ≤ 4.9e-4, which two layers and the pooler carry into the logit with a gain of a few) and the logit itself is
/// rounded once more; 1e-2 × max(1, |reference logit|) bounds that with a margin and is still 100× looser than the fp32
/// parity tests' 1e-4, so a wrongly read float16 buffer (garbage of order 1 or more) fails it.
/// </remarks>
public sealed class CrossEncoderRerankerFp16Tests
{
    private const double RelativeTolerance = 1e-2;

    [Test]
    public void PreferFp16OpensTheFp16FileAndSaysItsLogitsAreHalfPrecision()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions { PreferFp16 = true });
        Assert.That(reranker.Files.ModelPath, Is.EqualTo(Path.Combine(GeneratedModels.XenovaOneLabel, "onnx", "model_fp16.onnx")));
        Assert.That(reranker.Description.Notes, Has.Some.Contains("model_fp16.onnx (float16 logits)"));
    }

    [Test]
    public void WithoutTheOptionTheFp32FileIsUsed()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        Assert.That(reranker.Files.ModelPath, Is.EqualTo(Path.Combine(GeneratedModels.XenovaOneLabel, "onnx", "model.onnx")));
        Assert.That(reranker.Description.Notes, Has.None.Contains("float16"));
    }

    [Test]
    public void Fp16ScoresAreTheReferenceLogitsWithinHalfPrecision()
    {
        var reference = ReferenceLogits.Load(GeneratedModels.XenovaOneLabel);
        using var half = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions { PreferFp16 = true, MaxTokensPerBatch = 1024 });
        using var full = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        var compared = 0;
        var largest = 0.0;
        var differsFromFp32 = false;
        foreach (var byQuery in reference.Pairs.GroupBy(p => p.QueryLine))
        {
            var usable = byQuery.Where(p => Text(p.QueryLine) is not null && Text(p.PassageLine) is not null).ToList();
            if (usable.Count == 0)
            {
                continue;
            }

            var passages = usable.Select(p => Text(p.PassageLine)!).ToList();
            var scores = half.Score(Text(usable[0].QueryLine)!, passages);
            var fp32 = full.Score(Text(usable[0].QueryLine)!, passages);
            for (var i = 0; i < usable.Count; i++)
            {
                var expected = usable[i].Logits[0];
                Assert.That(scores[i], Is.EqualTo(expected).Within(RelativeTolerance * Math.Max(1, Math.Abs(expected))),
                    $"pair ({usable[i].QueryLine}, {usable[i].PassageLine})");
                largest = Math.Max(largest, Math.Abs(scores[i] - expected));
                differsFromFp32 |= scores[i] != fp32[i];
                compared++;
            }
        }

        Assert.That(compared, Is.GreaterThanOrEqualTo(40), "crafted pairs are always compared");
        Assert.That(differsFromFp32, "the fp16 file's rounding shows in its scores (it was really the one run)");
        TestContext.Out.WriteLine($"largest |fp16 score - fp64 reference| over {compared} pairs: {largest:E2}");
    }

    [Test]
    public void PreferringBothVariantsIsRefused()
    {
        var model = GeneratedModels.XenovaOneLabel; // resolved outside Throws: a missing ../shared ignores the test
        var e = Assert.Throws<ArgumentException>(() =>
            CrossEncoderReranker.Create(model, new CrossEncoderRerankerOptions { PreferFp16 = true, PreferQuantized = true }));
        Assert.That(e!.Message, Does.Contain("PreferQuantized").And.Contain("PreferFp16"));
    }

    private static string? Text(int line) => TokenIdReference.Entries[line].Text;
}
