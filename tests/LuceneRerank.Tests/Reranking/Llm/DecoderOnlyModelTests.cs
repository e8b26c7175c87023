using System.Text.Json;
using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Reranking.Llm;

/// <summary>
/// The runner against the tiny random Qwen3-shaped decoder: next-token logits and teacher-forced log-probabilities must
/// equal an independent numpy forward pass (generate.py, float64, one unpadded sequence at a time) to 1e-4, for both
/// padding sides and for batch sizes from 1 to all sequences at once; plus the runner's failure paths.
/// </summary>
public sealed class DecoderOnlyModelTests
{
    private const double Tolerance = 1e-4;

    private static IEnumerable<TestCaseData> Layouts()
    {
        yield return new TestCaseData(PaddingSide.Right, 1L << 30).SetName("right padding, one batch");
        yield return new TestCaseData(PaddingSide.Left, 1L << 30).SetName("left padding, one batch");
        yield return new TestCaseData(PaddingSide.Left, 1L).SetName("left padding, one sequence per batch");
        yield return new TestCaseData(PaddingSide.Right, 30L << 20).SetName("right padding, budget of a few sequences");
    }

    [TestCaseSource(nameof(Layouts))]
    public void NextTokenLogitsMatchTheNumpyReference(PaddingSide padding, long budget)
    {
        var reference = Reference.Load();
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3, new DecoderRunnerOptions { PaddingSide = padding, MemoryBudgetBytes = budget });
        var results = model.ScoreNextToken(reference.Sequences, reference.TokenIds);
        for (var i = 0; i < results.Length; i++)
        {
            Assert.That(results[i].Logits, Is.EqualTo(reference.NextLogits[i]).Within(Tolerance), $"sequence {i}");
            Assert.That(results[i].LogSumExp, Is.EqualTo(reference.NextLogSumExp[i]).Within(Tolerance), $"sequence {i}");
        }
    }

    [TestCaseSource(nameof(Layouts))]
    public void ContinuationLogProbabilitiesMatchTheNumpyReference(PaddingSide padding, long budget)
    {
        var reference = Reference.Load();
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3, new DecoderRunnerOptions { PaddingSide = padding, MemoryBudgetBytes = budget });
        var results = model.ScoreContinuations(reference.Sequences, reference.ContinuationStarts);
        for (var i = 0; i < results.Length; i++)
        {
            Assert.That(results[i], Is.EqualTo(reference.Continuations[i]).Within(Tolerance), $"sequence {i}");
        }
    }

    [Test]
    public void StatisticsCountPassesRealTokensAndTime()
    {
        var reference = Reference.Load();
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3, new DecoderRunnerOptions { MemoryBudgetBytes = 1 });
        var own = new RerankStatistics();
        model.ScoreNextToken(reference.Sequences, reference.TokenIds, own);
        Assert.That(own.ForwardPasses, Is.EqualTo(reference.Sequences.Count));
        Assert.That(own.TokensProcessed, Is.EqualTo(reference.Sequences.Sum(s => s.Length)));
        Assert.That(own.InferenceTime, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(model.Statistics.ForwardPasses, Is.EqualTo(reference.Sequences.Count));
    }

    [Test]
    public void MemoryEstimateIsDominatedByLogitsAndNamedInTheNote()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3);
        var perToken = model.EstimateBatchBytes(1, 1);
        Assert.That(perToken, Is.GreaterThanOrEqualTo(151936L * 4));
        Assert.That(model.EstimateBatchBytes(4, 100), Is.GreaterThanOrEqualTo(4L * 100 * 151936 * 4));
        Assert.That(model.MemoryNote(), Does.Contain("151,936"));
    }

    [Test]
    public void SequenceLongerThanTheModelAcceptsIsRefused()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3, new DecoderRunnerOptions { MaxLength = 8 });
        var error = Assert.Throws<ArgumentException>(() => model.ScoreNextToken([new int[9]], [0]));
        Assert.That(error!.Message, Does.Contain("9 tokens").And.Contain("1 to 8"));
    }

    [Test]
    public void ModelWithoutLogitsIsRefusedByName()
    {
        var noLogits = LlmTestModels.NoLogits; // resolved outside Throws: a missing ../shared ignores the test
        var error = Assert.Throws<InvalidDataException>(() => DecoderOnlyModel.Load(noLogits));
        Assert.That(error!.Message, Does.Contain("no 'logits' output").And.Contain("hidden_states"));
    }

    [Test]
    public void MissingExternalDataFileIsNamed()
    {
        var folder = TestPaths.NewTempDirectory();
        try
        {
            foreach (var file in new[] { "model.onnx", "config.json", "tokenizer.json", "tokenizer_config.json" })
            {
                File.Copy(Path.Combine(LlmTestModels.TinyQwen3, file), Path.Combine(folder, file));
            }

            var error = Assert.Throws<FileNotFoundException>(() => DecoderOnlyModel.Load(folder));
            Assert.That(error!.Message, Does.Contain("model.onnx_data").And.Contain("missing"));
            Assert.That(error.FileName, Is.EqualTo(Path.Combine(folder, "model.onnx_data")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Fp16ExportIsChosenWhenPreferredAndItsHalfPrecisionLogitsMatchTheReference()
    {
        // model_fp16.onnx: the same weights rounded to float16, float16 logits (tests/TestModels/fp16_variant.py).
        // Half precision's unit roundoff is 2^-11 ≈ 4.9e-4 relative; the logits here are of order 1-10, so 2e-2 absolute
        // (plus 1e-2 relative) bounds weight and output rounding with margin; a misread float16 buffer is off by far more.
        var reference = Reference.Load();
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3, new DecoderRunnerOptions { PreferFp16 = true });
        Assert.That(Path.GetFileName(model.ModelPath), Is.EqualTo("model_fp16.onnx"));
        Assert.That(model.HalfPrecisionLogits);
        Assert.That(model.MemoryNote(), Does.Contain("× 2 bytes per token"));
        var results = model.ScoreNextToken(reference.Sequences, reference.TokenIds);
        var largest = 0.0;
        for (var i = 0; i < results.Length; i++)
        {
            for (var k = 0; k < results[i].Logits.Length; k++)
            {
                var expected = reference.NextLogits[i][k];
                Assert.That(results[i].Logits[k], Is.EqualTo(expected).Within(2e-2 + (1e-2 * Math.Abs(expected))), $"sequence {i}, id {k}");
                largest = Math.Max(largest, Math.Abs(results[i].Logits[k] - expected));
            }

            var lse = reference.NextLogSumExp[i];
            Assert.That(results[i].LogSumExp, Is.EqualTo(lse).Within(2e-2 + (1e-2 * Math.Abs(lse))), $"sequence {i}");
        }

        TestContext.Out.WriteLine($"largest |fp16 logit - fp64 reference|: {largest:E2}");
        using var full = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3);
        Assert.That(full.HalfPrecisionLogits, Is.False);
        Assert.That(Path.GetFileName(full.ModelPath), Is.EqualTo("model.onnx"), "the fp32 file unless fp16 is asked for");
    }

    [Test]
    public async Task ParallelCallsOnOneModelGiveTheSequentialResults()
    {
        var reference = Reference.Load();
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3, new DecoderRunnerOptions { MemoryBudgetBytes = 30L << 20 });
        var sequential = Enumerable.Range(0, 6).Select(_ => model.ScoreNextToken(reference.Sequences, reference.TokenIds)).ToArray();
        var parallel = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => model.ScoreNextToken(reference.Sequences, reference.TokenIds))));
        for (var call = 0; call < parallel.Length; call++)
        {
            for (var i = 0; i < reference.Sequences.Count; i++)
            {
                Assert.That(parallel[call][i].Logits, Is.EqualTo(sequential[call][i].Logits).Within(1e-5), $"call {call}, sequence {i}");
                Assert.That(parallel[call][i].LogSumExp, Is.EqualTo(sequential[call][i].LogSumExp).Within(1e-5), $"call {call}, sequence {i}");
            }
        }
    }

    [Test]
    public void CancelledTokenStopsBeforeRunning()
    {
        var reference = Reference.Load();
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => model.ScoreNextToken(reference.Sequences, reference.TokenIds, null, cancelled.Token));
        Assert.That(model.Statistics.ForwardPasses, Is.Zero);
    }

    private sealed record Reference(
        List<int[]> Sequences, int[] TokenIds, List<double[]> NextLogits, List<double> NextLogSumExp, int[] ContinuationStarts, List<double[]> Continuations)
    {
        public static Reference Load()
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(LlmTestModels.TinyQwen3, "reference.json")));
            var root = document.RootElement;
            static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetInt32())];
            static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetDouble())];
            return new Reference(
                [.. root.GetProperty("sequences").EnumerateArray().Select(Ints)],
                Ints(root.GetProperty("tokenIds")),
                [.. root.GetProperty("nextToken").EnumerateArray().Select(e => Doubles(e.GetProperty("logits")))],
                [.. root.GetProperty("nextToken").EnumerateArray().Select(e => e.GetProperty("logSumExp").GetDouble())],
                Ints(root.GetProperty("continuationStarts")),
                [.. root.GetProperty("continuations").EnumerateArray().Select(Doubles)]);
        }
    }
}
