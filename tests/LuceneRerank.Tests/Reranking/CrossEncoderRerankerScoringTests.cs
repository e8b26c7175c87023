using LuceneRerank.Reranking;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Reranking;

/// <summary>
/// Behaviour of <see cref="CrossEncoderReranker.ScoreAsync"/>: scores independent of batching and of the other passages,
/// concurrency, cancellation, long and empty inputs, query truncation notice, statistics.
/// </summary>
public sealed class CrossEncoderRerankerScoringTests
{
    private static readonly string[] s_passages = MakePassages();

    [Test]
    public async Task ScoresDoNotDependOnTokenBudgetOrBatchSize()
    {
        using var reference = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions { MaxBatchSize = 1 });
        var expected = await reference.ScoreAsync("how do cells divide?", s_passages);
        foreach (var (tokens, batch) in new[] { (1, 64), (300, 64), (4096, 64), (100_000, 7), (100_000, 1000) })
        {
            using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel,
                new CrossEncoderRerankerOptions { MaxTokensPerBatch = tokens, MaxBatchSize = batch });
            var scores = await reranker.ScoreAsync("how do cells divide?", s_passages);
            Assert.That(scores, Is.EqualTo(expected).Within(1e-5), $"budget {tokens}, batch {batch}");
        }

        Assert.That(expected.Distinct().Count(), Is.GreaterThan(s_passages.Length / 2), "scores differ between passages");
    }

    [Test]
    public async Task ScoreOfAPassageDoesNotDependOnTheOtherPassages()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.VocabTwoLabels, new CrossEncoderRerankerOptions { TwoLabelScore = TwoLabelScore.PositiveLogit });
        var all = await reranker.ScoreAsync("protein folding", s_passages);
        var reversed = await reranker.ScoreAsync("protein folding", s_passages.Reverse().ToList());
        Assert.That(reversed.Reverse(), Is.EqualTo(all).Within(1e-5));
        for (var i = 0; i < s_passages.Length; i += 5)
        {
            var single = await reranker.ScoreAsync("protein folding", [s_passages[i]]);
            Assert.That(single[0], Is.EqualTo(all[i]).Within(1e-5), $"passage {i} alone");
        }
    }

    [Test]
    public async Task ParallelQueriesGiveTheSequentialScores()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions { MaxTokensPerBatch = 512 });
        var queries = Enumerable.Range(0, 8).Select(i => $"query number {i} about cells and proteins").ToArray();
        var sequential = new List<float[]>();
        foreach (var q in queries)
        {
            sequential.Add(await reranker.ScoreAsync(q, s_passages));
        }

        var parallel = await Task.WhenAll(queries.Select(q => Task.Run(() => reranker.ScoreAsync(q, s_passages))));
        for (var i = 0; i < queries.Length; i++)
        {
            Assert.That(parallel[i], Is.EqualTo(sequential[i]).Within(1e-5), queries[i]);
        }
    }

    [Test]
    public void CancelledTokenCancels()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(async () => await reranker.ScoreAsync("q", s_passages, cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void CancellationBetweenBatchesStopsScoring()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions { MaxBatchSize = 1 });
        var many = Enumerable.Range(0, 20).SelectMany(_ => s_passages).ToList();
        using var cts = new CancellationTokenSource();
        var before = reranker.Statistics.ForwardPasses;
        // Cancel from another thread once a few batches have run.
        var watcher = Task.Run(async () =>
        {
            while (reranker.Statistics.ForwardPasses - before < 5)
            {
                await Task.Delay(1);
            }

            cts.Cancel();
        });
        Assert.That(async () => await reranker.ScoreAsync("q", many, cts.Token), Throws.InstanceOf<OperationCanceledException>());
        watcher.Wait();
        var seen = reranker.Statistics.ForwardPasses - before;
        Assert.That(seen, Is.LessThan(many.Count), "stopped before the end");
    }

    [Test]
    public async Task EmptyAndHugePassagesAreScored()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        var huge = string.Concat(Enumerable.Repeat("The mitochondria is the powerhouse of the cell. ", 22_000));
        var prefix = string.Concat(Enumerable.Repeat("The mitochondria is the powerhouse of the cell. ", 40));
        var scores = await reranker.ScoreAsync("what is the powerhouse of the cell?", ["", huge, prefix, "   "]);
        Assert.That(scores.All(float.IsFinite));
        Assert.That(scores[1], Is.EqualTo(scores[2]).Within(1e-5), "a 1 MB passage scores as its first 128 tokens");
        Assert.That(scores[0], Is.EqualTo(scores[3]).Within(1e-5), "white space alone is an empty passage");
        Assert.That(await reranker.ScoreAsync("q", Array.Empty<string>()), Is.Empty);
    }

    [Test]
    public async Task NullPassageIsNamed()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        var e = await Assert.ThrowsAsync<ArgumentException>(async () => await reranker.ScoreAsync("q", ["a", null!]));
        Assert.That(e!.Message, Does.Contain("passages[1]"));
    }

    [Test]
    public async Task LongQueryIsTruncatedAndReportedOncePerQuery()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        var events = new List<QueryTruncatedEventArgs>();
        reranker.QueryTruncated += (_, e) => events.Add(e);
        var longQuery = string.Join(" ", Enumerable.Repeat("protein", 200));

        var scores = await reranker.ScoreAsync(longQuery, s_passages);
        await reranker.ScoreAsync("short query", s_passages);

        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(events[0].Query, Is.EqualTo(longQuery));
        Assert.That(events[0].KeptTokens, Is.EqualTo(128 - 3 - 32));
        Assert.That(scores.All(float.IsFinite));
    }

    [Test]
    public async Task StatisticsCountPassesTokensAndTime()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions { MaxTokensPerBatch = 256 });
        var passages = new[] { "short", "a somewhat longer passage about cells", "" };
        await reranker.ScoreAsync("cells", passages);

        var expectedTokens = passages.Sum(p => reranker.Encoder.EncodePair("cells", p).InputIds.Length);
        Assert.That(reranker.Statistics.ForwardPasses, Is.EqualTo(3));
        Assert.That(reranker.Statistics.PassagesScored, Is.EqualTo(3));
        Assert.That(reranker.Statistics.TokensProcessed, Is.EqualTo(expectedTokens));
        Assert.That(reranker.Statistics.InferenceTime, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(reranker.Statistics.TokenizationTime, Is.GreaterThan(TimeSpan.Zero));
    }

    private static string[] MakePassages()
    {
        var words = "cell protein membrane division mitosis DNA replication folding enzyme café naïve (p<0.05) ±2 ≥3".Split(' ');
        var random = new Random(3);
        return Enumerable.Range(0, 30)
            .Select(i => string.Join(" ", Enumerable.Range(0, 1 + random.Next(i % 3 == 0 ? 200 : 40)).Select(_ => words[random.Next(words.Length)])))
            .ToArray();
    }
}
