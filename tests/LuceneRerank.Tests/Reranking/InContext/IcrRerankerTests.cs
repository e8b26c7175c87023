using LuceneRerank.Models;
using LuceneRerank.Reranking.InContext;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Testing;
using LuceneRerank.Tests.Text;

namespace LuceneRerank.Tests.Reranking.InContext;

/// <summary>
/// In-context reranking end to end on the attention oracle (each token attends most to earlier equal tokens): the
/// scores equal the oracle's formula applied to the prompts the reranker builds, passages repeating the query's tokens
/// rank first, windows, truncation, statistics, bad input and cancellation.
/// </summary>
public sealed class IcrRerankerTests
{
    private const string Query = "aspirin fever";

    private static readonly string[] s_passages = ["zebras graze slowly", "aspirin lowers fever", "aspirin helps adults", "aspirin fever aspirin fever"];

    internal static ModelManifest Manifest => ModelManifestLoader.Load(Path.Combine(TestPaths.RepositoryRoot, "models", "qwen3-0.6b-icr.json"));

    [Test]
    public async Task PassagesRepeatingTheQueryTokensRankFirstWithTheOracleFormulasScores()
    {
        using var model = DecoderAttentionModel.Load(IcrTestModels.AttentionOracle);
        var reranker = new IcrReranker(model, Manifest, null);
        var attention = await reranker.ScoreWithAttentionAsync(Query, s_passages);
        var scores = await reranker.ScoreAsync(Query, s_passages);

        Assert.That(scores[3], Is.GreaterThan(scores[1]));
        Assert.That(scores[1], Is.GreaterThan(scores[2]));
        Assert.That(scores[2], Is.GreaterThan(scores[0]));
        var window = reranker.BuildWindows(Query, s_passages, out _).Single();
        var query = AttentionOracleFormula.TokenAttention(window.Query.Ids, window.Query.QueryStart);
        var calibration = AttentionOracleFormula.TokenAttention(window.Calibration.Ids, window.Calibration.QueryStart);
        for (var i = 0; i < s_passages.Length; i++)
        {
            var expected = IcrScoring.Score(query, calibration, window.Query.DocumentSpans[i]);
            Assert.That(attention[i].Score, Is.EqualTo(expected.Score).Within(1e-5), s_passages[i]);
            Assert.That(attention[i].QueryAttention, Is.EqualTo(expected.Query).Within(1e-5), s_passages[i]);
            Assert.That(attention[i].CalibrationAttention, Is.EqualTo(expected.Calibration).Within(1e-5), s_passages[i]);
            Assert.That(attention[i].Score, Is.EqualTo(attention[i].QueryAttention - attention[i].CalibrationAttention).Within(1e-12));
            Assert.That(scores[i], Is.EqualTo((float)attention[i].Score));
            Assert.That((attention[i].Window, attention[i].WindowCount, attention[i].Truncated), Is.EqualTo((0, 1, false)));
        }
    }

    [Test]
    public void ThePromptHasThePassagesInOrderAndTheQuerySpanRunsFromTheQueryPartToTheEnd()
    {
        using var model = DecoderAttentionModel.Load(IcrTestModels.AttentionOracle);
        var reranker = new IcrReranker(model, Manifest, null);
        var tokenizer = Qwen3TestTokenizer.Instance;
        var window = reranker.BuildWindows(Query, s_passages, out _).Single();
        var prompt = window.Query;

        Assert.That(tokenizer.Decode(prompt.Ids), Is.EqualTo(
            "<|im_start|>user\nHere are some paragraphs:\n\n[1] zebras graze slowly\n\n[2] aspirin lowers fever\n\n[3] aspirin helps adults\n\n" +
            "[4] aspirin fever aspirin fever\n\nPlease find information that are relevant to the following query in the paragraphs above.\n\nQuery: aspirin fever" +
            "<|im_end|>\n<|im_start|>assistant\n"));
        for (var i = 0; i < s_passages.Length; i++)
        {
            var (start, end) = prompt.DocumentSpans[i];
            Assert.That(tokenizer.Decode(prompt.Ids[start..end]), Is.EqualTo($"[{i + 1}] {s_passages[i]}"));
        }

        Assert.That(tokenizer.Decode(prompt.Ids[prompt.QueryStart..]), Does.StartWith("Please find").And.EndWith("Query: aspirin fever<|im_end|>\n<|im_start|>assistant\n"));
        Assert.That(tokenizer.Decode(window.Calibration.Ids[window.Calibration.QueryStart..]), Does.EndWith("Query: N/A<|im_end|>\n<|im_start|>assistant\n"));
        Assert.That(window.Calibration.DocumentSpans, Is.EqualTo(prompt.DocumentSpans));
    }

    [Test]
    public async Task StatisticsCountTwoPassesOverTheWholePrompt()
    {
        using var model = DecoderAttentionModel.Load(IcrTestModels.AttentionOracle);
        var reranker = new IcrReranker(model, Manifest, null);
        var window = reranker.BuildWindows(Query, s_passages, out _).Single();
        await reranker.ScoreAsync(Query, s_passages);

        Assert.That(reranker.Statistics.ForwardPasses, Is.EqualTo(2));
        Assert.That(reranker.Statistics.TokensProcessed, Is.EqualTo(window.Query.Ids.Length + window.Calibration.Ids.Length));
        Assert.That(reranker.Statistics.PassagesScored, Is.EqualTo(s_passages.Length));
    }

    [Test]
    public async Task PassagesThatDoNotFitOnePromptAreReadInSeveralWindowsEachWithinTheMaximum()
    {
        using var model = DecoderAttentionModel.Load(IcrTestModels.AttentionOracle);
        var reranker = new IcrReranker(model, Manifest, 80);
        string[] passages = [.. Enumerable.Range(0, 12).Select(i => $"passage {i} about aspirin and fever, number {i} of twelve")];
        var windows = reranker.BuildWindows(Query, passages, out var truncated);
        var attention = await reranker.ScoreWithAttentionAsync(Query, passages);

        Assert.That(windows, Has.Count.GreaterThan(1));
        Assert.That(windows.SelectMany(w => w.Members), Is.EqualTo(Enumerable.Range(0, passages.Length)), "every passage once, in order");
        Assert.That(windows.Select(w => Math.Max(w.Query.Ids.Length, w.Calibration.Ids.Length)), Has.All.LessThanOrEqualTo(80));
        Assert.That(truncated, Has.All.False);
        Assert.That(reranker.Statistics.ForwardPasses, Is.EqualTo(2 * windows.Count));
        for (var w = 0; w < windows.Count; w++)
        {
            var query = AttentionOracleFormula.TokenAttention(windows[w].Query.Ids, windows[w].Query.QueryStart);
            var calibration = AttentionOracleFormula.TokenAttention(windows[w].Calibration.Ids, windows[w].Calibration.QueryStart);
            for (var m = 0; m < windows[w].Members.Length; m++)
            {
                var passage = windows[w].Members[m];
                Assert.That(attention[passage].Score, Is.EqualTo(IcrScoring.Score(query, calibration, windows[w].Query.DocumentSpans[m]).Score).Within(1e-5));
                Assert.That((attention[passage].Window, attention[passage].WindowCount), Is.EqualTo((w, windows.Count)));
            }
        }
    }

    [Test]
    public async Task APassageLongerThanAWindowAloneIsCutToFitItsOwnWindow()
    {
        using var model = DecoderAttentionModel.Load(IcrTestModels.AttentionOracle);
        var reranker = new IcrReranker(model, Manifest, 90);
        var longPassage = string.Join(" ", Enumerable.Range(0, 120).Select(i => $"w{i}"));
        string[] passages = ["aspirin", longPassage, "fever"];
        var windows = reranker.BuildWindows(Query, passages, out var truncated);
        var attention = await reranker.ScoreWithAttentionAsync(Query, passages);

        Assert.That(truncated, Is.EqualTo(new[] { false, true, false }));
        Assert.That(windows.Select(w => Math.Max(w.Query.Ids.Length, w.Calibration.Ids.Length)), Has.All.LessThanOrEqualTo(90));
        Assert.That(windows.Single(w => w.Members.Contains(1)).Members, Is.EqualTo(new[] { 1 }), "the cut passage fills a window of its own");
        Assert.That(attention[1].Truncated, Is.True);
        Assert.That(attention.Select(a => a.WindowCount).Distinct(), Is.EqualTo(new[] { windows.Count }));
    }

    [Test]
    public async Task LongPassagesAreCutToTheManifestsCapAndCounted()
    {
        using var model = DecoderAttentionModel.Load(IcrTestModels.AttentionOracle);
        var template = IcrPromptTemplate.FromManifest(Manifest) with { MaxDocumentTokens = 5 };
        var reranker = new IcrReranker(model, template, "oracle", null);
        var longPassage = string.Join(" ", Enumerable.Range(0, 50).Select(i => $"word{i}"));
        var attention = await reranker.ScoreWithAttentionAsync(Query, [longPassage, "aspirin"]);
        var window = reranker.BuildWindows(Query, [longPassage, "aspirin"], out var truncated).Single();

        Assert.That(truncated, Is.EqualTo(new[] { true, false }));
        Assert.That(attention.Select(a => a.Truncated), Is.EqualTo(new[] { true, false }));
        Assert.That(reranker.Statistics.Truncations, Is.EqualTo(1));
        var (start, end) = window.Query.DocumentSpans[0];
        Assert.That(Qwen3TestTokenizer.Instance.Decode(window.Query.Ids[start..end]), Does.StartWith("[1] word0").And.Not.Contain("word49"));
        Assert.That(attention[0].ToString(), Does.StartWith("ICR attention mass ").And.Contain(" = query ").And.Contain("passage truncated"));
    }

    [Test]
    public async Task Float16AttentionOutputsScoreAsFloat32WithinHalfPrecision()
    {
        using var full = DecoderAttentionModel.Load(IcrTestModels.AttentionOracle);
        using var half = DecoderAttentionModel.Load(IcrTestModels.AttentionOracleFp16);
        var expected = await new IcrReranker(full, Manifest, null).ScoreAsync(Query, s_passages);
        var scores = await new IcrReranker(half, Manifest, null).ScoreAsync(Query, s_passages);

        Assert.That(scores, Is.EqualTo(expected).Within(2e-3));
        Assert.That(scores.Select((s, i) => i).OrderByDescending(i => scores[i]), Is.EqualTo(expected.Select((s, i) => i).OrderByDescending(i => expected[i])));
    }

    [Test]
    public async Task AnExportWithOnlyTheLastRowsScoresAsTheFullOneWhileTheQuerySpanFitsThem()
    {
        using var full = DecoderAttentionModel.Load(IcrTestModels.AttentionOracle);
        using var lastRows = DecoderAttentionModel.Load(IcrTestModels.AttentionOracleLastRows);
        var reranker = new IcrReranker(lastRows, Manifest, null);

        Assert.That(await reranker.ScoreAsync(Query, s_passages), Is.EqualTo(await new IcrReranker(full, Manifest, null).ScoreAsync(Query, s_passages)).Within(1e-6));
        var longQuery = string.Join(" ", Enumerable.Repeat("aspirin fever", 20));
        var task = reranker.ScoreAsync(longQuery, s_passages);
        Assert.That(task.IsFaulted, Is.True);
        Assert.That(task.Exception!.InnerException, Is.InstanceOf<InvalidDataException>());
        Assert.That(task.Exception!.InnerException!.Message, Does.Contain("attention rows for the last 48 positions only").And.Contain("query span starts at position"));
    }

    [Test]
    public void AQueryTooLongForThePromptIsAClearError()
    {
        using var model = DecoderAttentionModel.Load(IcrTestModels.AttentionOracle);
        var reranker = new IcrReranker(model, Manifest, 40);
        var longQuery = string.Join(" ", Enumerable.Repeat("fever", 40));

        var task = reranker.ScoreAsync(longQuery, ["aspirin"]);
        Assert.That(task.IsFaulted, Is.True);
        var error = task.Exception!.InnerException;
        Assert.That(error, Is.InstanceOf<PromptTooLongException>());
        Assert.That(error!.Message, Does.Contain("without any passage").And.Contain("maximum of 40").And.Contain("never truncated"));
        Assert.That(reranker.Statistics.ForwardPasses, Is.Zero);
    }

    [Test]
    public void ACancelledCallRunsNoPass()
    {
        using var model = DecoderAttentionModel.Load(IcrTestModels.AttentionOracle);
        var reranker = new IcrReranker(model, Manifest, null);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(reranker.ScoreAsync(Query, s_passages, cancelled.Token).IsCanceled, Is.True);
        Assert.That(reranker.ScoreWithAttentionAsync(Query, s_passages, cancelled.Token).IsCanceled, Is.True);
        Assert.That(model.Statistics.ForwardPasses, Is.Zero);
    }

    [Test]
    public async Task NoPassagesGiveNoScoresAndNoPass()
    {
        using var model = DecoderAttentionModel.Load(IcrTestModels.AttentionOracle);
        var reranker = new IcrReranker(model, Manifest, null);

        Assert.That(await reranker.ScoreAsync(Query, []), Is.Empty);
        Assert.That(await reranker.ScoreWithAttentionAsync(Query, []), Is.Empty);
        Assert.That(model.Statistics.ForwardPasses, Is.Zero);
    }

    [Test]
    public void TheDescriptionSaysWhatTheScoreIsAndWhatItCosts()
    {
        using var model = DecoderAttentionModel.Load(IcrTestModels.AttentionOracle);
        var description = new IcrReranker(model, Manifest, null).Description;

        Assert.That(description.Name, Is.EqualTo("Qwen/Qwen3-0.6B (ICR)"));
        Assert.That(description.MaxLength, Is.EqualTo(4096));
        Assert.That(description.ScoreMeaning, Does.StartWith("ICR attention mass").And.Contain("\"N/A\"").And.Contain("2 layers"));
        Assert.That(description.Notes[0], Does.StartWith("2 forward passes per window"));
    }

    [Test]
    public void ManifestPromptErrorsNameTheKey()
    {
        var unknown = Manifest with { Prompt = Manifest.Prompt! with { Other = new(Manifest.Prompt!.Other!) { ["calibration"] = System.Text.Json.JsonSerializer.SerializeToElement("N/A") } } };
        var error = Assert.Throws<InvalidDataException>(() => IcrPromptTemplate.FromManifest(unknown));
        Assert.That(error!.Message, Does.Contain("\"calibration\""));

        using var model = DecoderAttentionModel.Load(IcrTestModels.AttentionOracle);
        var noQuery = IcrPromptTemplate.FromManifest(Manifest) with { Query = "Query:" };
        var missing = Assert.Throws<InvalidDataException>(() => new IcrReranker(model, noQuery, "oracle", null));
        Assert.That(missing!.Message, Does.Contain("query"));
        var wrongKind = LuceneRerank.Tests.Reranking.Llm.LlmManifests.QueryLikelihood;
        Assert.That(Assert.Throws<InvalidDataException>(() => IcrPromptTemplate.FromManifest(wrongKind))!.Message, Does.Contain("'llm-icr'"));
    }
}
