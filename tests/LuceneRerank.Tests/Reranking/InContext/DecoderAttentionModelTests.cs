using System.Text.Json;
using LuceneRerank.Reranking;
using LuceneRerank.Reranking.InContext;
using LuceneRerank.Reranking.Llm;

namespace LuceneRerank.Tests.Reranking.InContext;

/// <summary>
/// The attention runner against the tiny random Qwen3 exported with attentions: the per-token attention of the query
/// span, and the ICR scores computed from it, must equal an independent numpy forward pass (generate_icr.py, float64)
/// to 1e-4; plus the runner's failure paths.
/// </summary>
public sealed class DecoderAttentionModelTests
{
    private const double Tolerance = 1e-4;

    [Test]
    public void QuerySpanAttentionOfBothPassesMatchesTheNumpyReference()
    {
        using var model = DecoderAttentionModel.Load(IcrTestModels.TinyQwen3Attentions);
        foreach (var (c, index) in Reference.Load().Select((c, i) => (c, i)))
        {
            var query = model.QuerySpanAttention(c.Ids, c.QueryStart, null, CancellationToken.None);
            var calibration = model.QuerySpanAttention(c.CalibrationIds, c.QueryStart, null, CancellationToken.None);

            Assert.That(query, Is.EqualTo(c.TokenAttention).Within(Tolerance), $"case {index}, query pass");
            Assert.That(calibration, Is.EqualTo(c.CalibrationTokenAttention).Within(Tolerance), $"case {index}, calibration pass");
            Assert.That(query.Sum(), Is.EqualTo(model.LayerCount * 2).Within(1e-4), "each row of each head sums to 1 (2 heads)");
        }
    }

    [Test]
    public void IcrScoresFromTheOnnxAttentionMatchTheNumpyReference()
    {
        using var model = DecoderAttentionModel.Load(IcrTestModels.TinyQwen3Attentions);
        var dropped = 0;
        foreach (var (c, index) in Reference.Load().Select((c, i) => (c, i)))
        {
            var query = model.QuerySpanAttention(c.Ids, c.QueryStart, null, CancellationToken.None);
            var calibration = model.QuerySpanAttention(c.CalibrationIds, c.QueryStart, null, CancellationToken.None);
            for (var d = 0; d < c.Spans.Length; d++)
            {
                var (score, queryMass, calibrationMass, kept) = IcrScoring.Score(query, calibration, c.Spans[d]);
                var expected = c.Documents[d];
                Assert.That(score, Is.EqualTo(expected.GetProperty("score").GetDouble()).Within(Tolerance), $"case {index}, document {d}");
                Assert.That(queryMass, Is.EqualTo(expected.GetProperty("queryMass").GetDouble()).Within(Tolerance), $"case {index}, document {d}");
                Assert.That(calibrationMass, Is.EqualTo(expected.GetProperty("calibrationMass").GetDouble()).Within(Tolerance), $"case {index}, document {d}");
                Assert.That(kept, Is.EqualTo(expected.GetProperty("keptTokens").GetInt32()), $"case {index}, document {d}");
                dropped += expected.GetProperty("tokens").GetInt32() - kept;
            }
        }

        Assert.That(dropped, Is.GreaterThan(0), "the reference drops at least one biased token, so the token filter is compared too");
    }

    [Test]
    public void StatisticsCountOnePassAndItsTokens()
    {
        using var model = DecoderAttentionModel.Load(IcrTestModels.TinyQwen3Attentions);
        var c = Reference.Load()[0];
        var own = new RerankStatistics();
        model.QuerySpanAttention(c.Ids, c.QueryStart, own, CancellationToken.None);

        Assert.That(own.ForwardPasses, Is.EqualTo(1));
        Assert.That(own.TokensProcessed, Is.EqualTo(c.Ids.Length));
        Assert.That(model.Statistics.ForwardPasses, Is.EqualTo(1));
    }

    [Test]
    public void AGraphWithoutAttentionOutputsIsAClearError()
    {
        var error = Assert.Throws<InvalidDataException>(() => DecoderAttentionModel.Load(IcrTestModels.NoAttentions));

        Assert.That(error!.Message, Does.Contain("has no attention outputs")
            .And.Contain("'attentions.0' … 'attentions.1'")
            .And.Contain("its outputs are: logits")
            .And.Contain("output_attentions=True"));
    }

    [Test]
    public void APromptOverTheMaximumOrAQuerySpanOutsideItIsRejected()
    {
        using var model = DecoderAttentionModel.Load(IcrTestModels.AttentionOracle, new DecoderRunnerOptions { MaxLength = 8 });

        Assert.That(model.MaxLength, Is.EqualTo(8));
        var tooLong = Assert.Throws<ArgumentException>(() => model.QuerySpanAttention(new int[9], 3, null, CancellationToken.None));
        Assert.That(tooLong!.Message, Does.Contain("9 tokens").And.Contain("1 to 8"));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.QuerySpanAttention(new int[4], 4, null, CancellationToken.None));
    }

    [Test]
    public void ACancelledTokenStopsBeforeThePass()
    {
        using var model = DecoderAttentionModel.Load(IcrTestModels.AttentionOracle);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => model.QuerySpanAttention([1, 2, 3], 1, null, cancelled.Token));
        Assert.That(model.Statistics.ForwardPasses, Is.Zero);
    }

    private sealed record Case(int[] Ids, int[] CalibrationIds, int QueryStart, (int Start, int End)[] Spans, double[] TokenAttention, double[] CalibrationTokenAttention, JsonElement[] Documents);

    private static class Reference
    {
        public static List<Case> Load()
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(IcrTestModels.TinyQwen3Attentions, "icr-reference.json")));
            return [.. json.RootElement.GetProperty("cases").EnumerateArray().Select(c => new Case(
                [.. c.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32())],
                [.. c.GetProperty("calibrationIds").EnumerateArray().Select(e => e.GetInt32())],
                c.GetProperty("queryStart").GetInt32(),
                [.. c.GetProperty("documentSpans").EnumerateArray().Select(s => (s[0].GetInt32(), s[1].GetInt32()))],
                [.. c.GetProperty("tokenAttention").EnumerateArray().Select(e => e.GetDouble())],
                [.. c.GetProperty("calibrationTokenAttention").EnumerateArray().Select(e => e.GetDouble())],
                [.. c.GetProperty("documents").EnumerateArray().Select(d => d.Clone())]))];
        }
    }
}
