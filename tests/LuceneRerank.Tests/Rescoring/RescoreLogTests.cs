using Lucene.Net.Search;
using LuceneRerank.Rescoring;
using Microsoft.Extensions.Logging;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>The optional <see cref="NeuralRescorerOptions.LoggerFactory"/>: a fallback at Warning, nothing without a factory.</summary>
public sealed class RescoreLogTests
{
    private static TestIndex ThreeDocs() => TestIndex.WithTexts("a score=1", "b score=5", "c score=3");

    private static TopDocs ThreeHits() => TestIndex.FirstPass(3, (0, 3f), (1, 2f), (2, 1f));

    [Test]
    public async Task A_fallback_is_logged_at_Warning_with_reason_model_provider_and_exception()
    {
        var logs = new RecordingLoggerFactory();
        var failure = new InvalidOperationException("model broke");
        var rescorer = new NeuralRescorer(new ReportingReranker("log-fallback", "CUDA:0") { Failure = failure }, new NeuralRescorerOptions
        {
            FailurePolicy = FailurePolicy.FallBackToFirstPass, Window = 2, LoggerFactory = logs,
        });
        using var index = ThreeDocs();

        await rescorer.RescoreAsync(index.Searcher, ThreeHits(), "secret query", 3);

        var warning = logs.Entries.Single(e => e.Level == LogLevel.Warning);
        Assert.That(warning.Category, Is.EqualTo("LuceneRerank.Rescoring"));
        Assert.That(warning.EventId.Name, Is.EqualTo("RescoreFallback"));
        Assert.That(warning.Message, Is.EqualTo("Rescoring fell back to the first-pass order (RerankerFailed): reranker log-fallback on CUDA:0, window 2"));
        Assert.That(warning.Exception, Is.SameAs(failure));
        Assert.That(logs.Entries.Any(e => e.Message.Contains("secret query", StringComparison.Ordinal)), Is.False, "query texts are never logged");
    }

    [Test]
    public async Task A_time_budget_fallback_is_logged_with_the_TimeoutException()
    {
        var logs = new RecordingLoggerFactory();
        var rescorer = new NeuralRescorer(new ReportingReranker("log-timeout") { DelayPerBatch = TimeSpan.FromSeconds(30) }, new NeuralRescorerOptions
        {
            FailurePolicy = FailurePolicy.FallBackToFirstPass, TimeBudget = TimeSpan.FromMilliseconds(50), LoggerFactory = logs,
        });
        using var index = ThreeDocs();

        await rescorer.RescoreAsync(index.Searcher, ThreeHits(), "q", 3);

        var warning = logs.Entries.Single(e => e.Level == LogLevel.Warning);
        Assert.That(warning.Message, Does.Contain("(TimeBudgetExpired)"));
        Assert.That(warning.Exception, Is.TypeOf<TimeoutException>());
    }

    [Test]
    public async Task A_success_logs_only_at_Debug_and_an_exception_to_the_caller_at_Error()
    {
        var logs = new RecordingLoggerFactory();
        using var index = ThreeDocs();
        var ok = new NeuralRescorer(new ReportingReranker("log-ok"), new NeuralRescorerOptions { LoggerFactory = logs });
        var failing = new NeuralRescorer(new ReportingReranker("log-throw") { Failure = new InvalidOperationException("x") },
            new NeuralRescorerOptions { LoggerFactory = logs });

        await ok.RescoreAsync(index.Searcher, ThreeHits(), "q", 3);
        Assert.That(async () => await failing.RescoreAsync(index.Searcher, ThreeHits(), "q", 3), Throws.InvalidOperationException);

        Assert.That(logs.Entries.Select(e => (e.Level, e.EventId.Name)), Is.EqualTo(new[]
        {
            (LogLevel.Debug, "Rescored"), (LogLevel.Error, "RescoreFailed"),
        }));
        Assert.That(logs.Entries[0].Message, Does.StartWith("Rescored 3 passages with log-ok in "));
        Assert.That(logs.Entries[1].Exception, Is.TypeOf<InvalidOperationException>());
    }

    [Test]
    public async Task Without_a_logger_factory_a_fallback_still_works_and_logs_nothing()
    {
        var rescorer = new NeuralRescorer(new ReportingReranker("log-none") { Failure = new InvalidOperationException("x") },
            new NeuralRescorerOptions { FailurePolicy = FailurePolicy.FallBackToFirstPass });
        using var index = ThreeDocs();

        var result = await rescorer.RescoreAsync(index.Searcher, ThreeHits(), "q", 3);

        Assert.That(rescorer.Options.LoggerFactory, Is.Null);
        Assert.That(result.FallbackReason, Is.EqualTo(FallbackReason.RerankerFailed));
    }
}
