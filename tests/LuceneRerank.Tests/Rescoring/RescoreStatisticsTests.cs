using System.Diagnostics;
using Lucene.Net.Search;
using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;

namespace LuceneRerank.Tests.Rescoring;

/// <summary><see cref="RescoreResult.Statistics"/>: each rescoring's own figures, exact under concurrency.</summary>
public sealed class RescoreStatisticsTests
{
    private static TestIndex Docs(int count) =>
        TestIndex.WithTexts(Enumerable.Range(0, count).Select(i => $"doc{i} {(i % 3 == 0 ? "long " : "")}score={i}").ToArray());

    private static TopDocs Hits(int count) =>
        TestIndex.FirstPass(count, Enumerable.Range(0, count).Select(i => (i, (float)(count - i))).ToArray());

    private static void AssertExact(RerankCallStatistics statistics, int passages, int truncations)
    {
        Assert.That(statistics.PassagesScored, Is.EqualTo(passages));
        Assert.That(statistics.ForwardPasses, Is.EqualTo(passages));
        Assert.That(statistics.TokensProcessed, Is.EqualTo(passages * ReportingReranker.TokensPerPassage));
        Assert.That(statistics.Batches, Is.EqualTo(ReportingReranker.Batches(passages)));
        Assert.That(statistics.Truncations, Is.EqualTo(truncations));
        Assert.That(statistics.TokenizationTime, Is.EqualTo(Stopwatch.GetElapsedTime(0, passages * ReportingReranker.TokenizationTicksPerPassage)));
        Assert.That(statistics.InferenceTime, Is.EqualTo(Stopwatch.GetElapsedTime(0, passages * ReportingReranker.InferenceTicksPerPassage)));
    }

    [Test]
    public async Task Concurrent_rescorings_on_one_reranker_each_get_exactly_their_own_figures()
    {
        const int Documents = 24;
        using var index = Docs(Documents);
        var reranker = new ReportingReranker("statistics-concurrent") { DelayPerBatch = TimeSpan.FromMilliseconds(1) };
        var windows = Enumerable.Range(1, 40).Select(i => 1 + i % Documents).ToArray();

        var results = await Task.WhenAll(windows.Select(window =>
            Task.Run(() => new NeuralRescorer(reranker, new NeuralRescorerOptions { Window = window })
                .RescoreAsync(index.Searcher, Hits(Documents), "q", Documents))));

        for (var i = 0; i < windows.Length; i++)
        {
            var truncations = Enumerable.Range(0, windows[i]).Count(d => d % 3 == 0);
            AssertExact(results[i].Statistics, windows[i], truncations);
            Assert.That(results[i].Timing.Tokenization, Is.EqualTo(results[i].Statistics.TokenizationTime));
        }

        Assert.That(reranker.Statistics.PassagesScored, Is.EqualTo(windows.Sum()), "the cumulative counters still see everything");
        Assert.That(reranker.Statistics.Batches, Is.EqualTo(windows.Sum(w => ReportingReranker.Batches(w))));
    }

    [Test]
    public async Task A_reranker_that_reports_nothing_and_an_empty_rescoring_give_empty_statistics()
    {
        using var index = Docs(3);
        var silent = await new NeuralRescorer(new ScriptedReranker()).RescoreAsync(index.Searcher, Hits(3), "q", 3);
        var empty = await new NeuralRescorer(new ReportingReranker("statistics-empty")).RescoreAsync(index.Searcher, Hits(3), "q", 0);

        Assert.That(silent.Statistics, Is.EqualTo(RerankCallStatistics.Empty));
        Assert.That(empty.Statistics, Is.EqualTo(RerankCallStatistics.Empty));
        Assert.That(silent.Elapsed, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task Work_an_abandoned_reranker_does_after_the_time_budget_is_not_counted()
    {
        using var index = Docs(4);
        var release = new TaskCompletionSource();
        var reranker = new LateReportingReranker(release.Task);
        var result = await new NeuralRescorer(reranker, new NeuralRescorerOptions
        {
            FailurePolicy = FailurePolicy.FallBackToFirstPass, TimeBudget = TimeSpan.FromMilliseconds(50),
        }).RescoreAsync(index.Searcher, Hits(4), "q", 4);

        release.SetResult();
        await reranker.Finished;

        Assert.That(result.FallbackReason, Is.EqualTo(FallbackReason.TimeBudgetExpired));
        Assert.That(result.Statistics.TokenizationTime, Is.EqualTo(Stopwatch.GetElapsedTime(0, 1_000)), "only the work before the budget ran out");
        Assert.That(result.Statistics.PassagesScored, Is.EqualTo(0));
        Assert.That(reranker.Statistics.PassagesScored, Is.EqualTo(4), "the reranker did finish, later");
    }

    /// <summary>Reports tokenisation, then ignores its token until released, then reports the rest.</summary>
    private sealed class LateReportingReranker(Task release) : IReranker, IRerankStatisticsSource
    {
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RerankerDescription Description { get; } = new() { Name = "late", MaxLength = 64, ScoreMeaning = "score=" };

        public RerankStatistics Statistics { get; } = new();

        public Task Finished => _finished.Task;

        public async Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
        {
            Statistics.AddTokenization(1_000);
            await release;
            Statistics.AddPassages(passages.Count);
            _finished.SetResult();
            return passages.Select(ScriptedReranker.ScoreFromText).ToArray();
        }
    }
}
