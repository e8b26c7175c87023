using System.Diagnostics;
using Lucene.Net.Search;
using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;
using LuceneRerank.Tests.Rescoring;

namespace LuceneRerank.Tests.Diagnostics;

/// <summary>The <c>LuceneRerank</c> meter and activity source, seen through <see cref="System.Diagnostics.Metrics.MeterListener"/> and <see cref="ActivityListener"/>.</summary>
[NonParallelizable]
public sealed class RerankTelemetryTests
{
    private static TestIndex FiveDocs() => TestIndex.WithTexts("a score=1", "b long score=5", "c score=3", "d long score=4", "e score=2");

    private static TopDocs FiveHits() => TestIndex.FirstPass(5, (0, 5f), (1, 4f), (2, 3f), (3, 2f), (4, 1f));

    [Test]
    public async Task A_rescoring_records_duration_pairs_tokens_time_batches_and_truncations_tagged_with_model_and_provider()
    {
        using var recorder = new TelemetryRecorder();
        using var index = FiveDocs();
        const string Model = "telemetry-metrics";
        var rescorer = new NeuralRescorer(new ReportingReranker(Model, "CUDA:0"), new NeuralRescorerOptions { Window = 3 });

        var result = await rescorer.RescoreAsync(index.Searcher, FiveHits(), "q", 5);

        var duration = recorder.Of("lucenererank.rescore.duration", Model).Single();
        Assert.That(duration.Unit, Is.EqualTo("s"));
        Assert.That(duration.Value, Is.EqualTo(result.Elapsed.TotalSeconds).Within(1e-9));
        Assert.That(duration.Tags["lucenererank.provider"], Is.EqualTo("CUDA:0"));
        Assert.That(duration.Tags["lucenererank.fallback.reason"], Is.EqualTo("None"));
        Assert.That(recorder.Of("lucenererank.rerank.pairs", Model).Single().Value, Is.EqualTo(3));
        Assert.That(recorder.Of("lucenererank.rerank.tokens", Model).Single().Value, Is.EqualTo(3 * ReportingReranker.TokensPerPassage));
        var tokenization = recorder.Of("lucenererank.rerank.tokenization.duration", Model).Single();
        Assert.That(tokenization.Unit, Is.EqualTo("s"));
        Assert.That(tokenization.Value, Is.EqualTo(Stopwatch.GetElapsedTime(0, 3 * ReportingReranker.TokenizationTicksPerPassage).TotalSeconds).Within(1e-12));
        Assert.That(recorder.Of("lucenererank.rerank.inference.duration", Model).Single().Value,
            Is.EqualTo(Stopwatch.GetElapsedTime(0, 3 * ReportingReranker.InferenceTicksPerPassage).TotalSeconds).Within(1e-12));
        Assert.That(recorder.Of("lucenererank.rerank.batch.size", Model).Select(m => m.Value), Is.EqualTo(new double[] { 2, 1 }));
        Assert.That(recorder.Of("lucenererank.rerank.truncations", Model).Sum(m => m.Value), Is.EqualTo(1), "one passage in the window holds \"long\"");
        Assert.That(recorder.Of("lucenererank.rescore.fallbacks", Model), Is.Empty);
    }

    [Test]
    public async Task A_fallback_is_counted_with_its_reason()
    {
        using var recorder = new TelemetryRecorder();
        using var index = FiveDocs();
        const string Model = "telemetry-fallback";
        var reranker = new ReportingReranker(Model) { Failure = new InvalidOperationException("model broke") };
        var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions { FailurePolicy = FailurePolicy.FallBackToFirstPass });

        var result = await rescorer.RescoreAsync(index.Searcher, FiveHits(), "q", 5);

        Assert.That(result.FallbackReason, Is.EqualTo(FallbackReason.RerankerFailed));
        var fallback = recorder.Of("lucenererank.rescore.fallbacks", Model).Single();
        Assert.That(fallback.Value, Is.EqualTo(1));
        Assert.That(fallback.Tags["reason"], Is.EqualTo("RerankerFailed"));
        Assert.That(recorder.Of("lucenererank.rescore.duration", Model).Single().Tags["lucenererank.fallback.reason"], Is.EqualTo("RerankerFailed"));
        var span = recorder.Spans("lucenererank.rerank", Model).Single();
        Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(span.GetTagItem("error.type"), Is.EqualTo(typeof(InvalidOperationException).FullName));
        Assert.That(recorder.Spans("lucenererank.rescore", Model).Single().GetTagItem("lucenererank.fallback.reason"), Is.EqualTo("RerankerFailed"));
    }

    [Test]
    public async Task A_time_budget_fallback_is_counted_as_TimeBudgetExpired()
    {
        using var recorder = new TelemetryRecorder();
        using var index = FiveDocs();
        const string Model = "telemetry-timeout";
        var reranker = new ReportingReranker(Model) { DelayPerBatch = TimeSpan.FromSeconds(30) };
        var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions
        {
            FailurePolicy = FailurePolicy.FallBackToFirstPass, TimeBudget = TimeSpan.FromMilliseconds(50),
        });

        await rescorer.RescoreAsync(index.Searcher, FiveHits(), "q", 5);

        Assert.That(recorder.Of("lucenererank.rescore.fallbacks", Model).Single().Tags["reason"], Is.EqualTo("TimeBudgetExpired"));
    }

    [Test]
    public async Task An_exception_reaching_the_caller_is_timed_with_its_type()
    {
        using var recorder = new TelemetryRecorder();
        using var index = FiveDocs();
        const string Model = "telemetry-throw";
        var rescorer = new NeuralRescorer(new ReportingReranker(Model) { Failure = new InvalidOperationException("x") });

        Assert.That(async () => await rescorer.RescoreAsync(index.Searcher, FiveHits(), "q", 5), Throws.InvalidOperationException);

        Assert.That(recorder.Of("lucenererank.rescore.duration", Model).Single().Tags["error.type"], Is.EqualTo(typeof(InvalidOperationException).FullName));
        var span = recorder.Spans("lucenererank.rescore", Model).Single();
        Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Error));
        await Task.CompletedTask;
    }

    [Test]
    public async Task Spans_nest_cascade_stage_rescore_and_model_call_with_model_provider_and_window()
    {
        using var recorder = new TelemetryRecorder();
        using var index = FiveDocs();
        const string First = "telemetry-span-1";
        const string Second = "telemetry-span-2";
        var cascade = new CascadeRescorer(
        [
            new CascadeStage(new ReportingReranker(First, "CPU"), new NeuralRescorerOptions { Window = 4 }),
            new CascadeStage(new ReportingReranker(Second, "CUDA:0"), new NeuralRescorerOptions { Window = 2 }),
        ], "q");

        await cascade.RescoreAsync(index.Searcher, FiveHits(), 5);

        var stage2 = recorder.Spans("lucenererank.cascade.stage", Second).Single();
        var root = recorder.Spans("lucenererank.cascade").Single(a => a.SpanId == stage2.ParentSpanId);
        Assert.That(root.GetTagItem("lucenererank.stages"), Is.EqualTo(2));
        Assert.That(stage2.GetTagItem("lucenererank.stage"), Is.EqualTo(2));
        Assert.That(stage2.GetTagItem("lucenererank.provider"), Is.EqualTo("CUDA:0"));
        Assert.That(stage2.GetTagItem("lucenererank.window"), Is.EqualTo(2));
        var rescore = recorder.Spans("lucenererank.rescore", Second).Single();
        Assert.That(rescore.ParentSpanId, Is.EqualTo(stage2.SpanId));
        Assert.That(rescore.GetTagItem("lucenererank.window"), Is.EqualTo(2));
        Assert.That(rescore.GetTagItem("lucenererank.passages"), Is.EqualTo(2));
        var call = recorder.Spans("lucenererank.rerank", Second).Single();
        Assert.That(call.ParentSpanId, Is.EqualTo(rescore.SpanId));
        Assert.That(call.GetTagItem("lucenererank.provider"), Is.EqualTo("CUDA:0"));
        Assert.That(call.GetTagItem("lucenererank.passages"), Is.EqualTo(2));
        var stage1 = recorder.Spans("lucenererank.cascade.stage", First).Single();
        Assert.That(stage1.ParentSpanId, Is.EqualTo(root.SpanId));
        Assert.That(stage1.GetTagItem("lucenererank.window"), Is.EqualTo(4));
    }

    [Test]
    public async Task Cache_hits_and_misses_are_counted_per_passage()
    {
        using var recorder = new TelemetryRecorder();
        const string Model = "telemetry-cache";
        var cache = new CachingReranker(new ReportingReranker(Model));

        await cache.ScoreAsync("q", ["a score=1", "b score=2"]);
        await cache.ScoreAsync("q", ["a score=1", "c score=3"]);

        Assert.That(recorder.Of("lucenererank.cache.hits", Model).Sum(m => m.Value), Is.EqualTo(1));
        Assert.That(recorder.Of("lucenererank.cache.misses", Model).Sum(m => m.Value), Is.EqualTo(3));
    }
}
