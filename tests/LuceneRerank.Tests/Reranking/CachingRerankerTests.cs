using LuceneRerank.Reranking;
using LuceneRerank.Tests.Rescoring;

namespace LuceneRerank.Tests.Reranking;

public sealed class CachingRerankerTests
{
    [Test]
    public async Task Only_the_misses_go_to_the_model_in_one_batch()
    {
        var inner = new ScriptedReranker();
        var cache = new CachingReranker(inner);

        var first = await cache.ScoreAsync("q", new[] { "a score=1", "b score=2" });
        var second = await cache.ScoreAsync("q", new[] { "c score=3", "a score=1", "d score=4", "b score=2" });

        Assert.That(first, Is.EqualTo(new[] { 1f, 2f }));
        Assert.That(second, Is.EqualTo(new[] { 3f, 1f, 4f, 2f }));
        Assert.That(inner.Calls, Has.Count.EqualTo(2));
        Assert.That(inner.Calls[1].Passages, Is.EqualTo(new[] { "c score=3", "d score=4" }));
        Assert.That((cache.Hits, cache.Misses, cache.Count), Is.EqualTo((2L, 4L, 4)));
    }

    [Test]
    public async Task A_full_hit_does_not_call_the_model()
    {
        var inner = new ScriptedReranker();
        var cache = new CachingReranker(inner);
        await cache.ScoreAsync("q", new[] { "a score=1" });

        var again = await cache.ScoreAsync("q", new[] { "a score=1" });

        Assert.That(again, Is.EqualTo(new[] { 1f }));
        Assert.That(inner.Calls, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_query_is_part_of_the_key()
    {
        var inner = new ScriptedReranker();
        var cache = new CachingReranker(inner);

        await cache.ScoreAsync("q1", new[] { "a score=1" });
        await cache.ScoreAsync("q2", new[] { "a score=1" });

        Assert.That(inner.Calls.Select(c => c.Query), Is.EqualTo(new[] { "q1", "q2" }));
        Assert.That(cache.Hits, Is.EqualTo(0));
    }

    [Test]
    public async Task A_passage_repeated_in_one_request_is_sent_once()
    {
        var inner = new ScriptedReranker();
        var cache = new CachingReranker(inner);

        var scores = await cache.ScoreAsync("q", new[] { "a score=1", "a score=1", "b score=2" });

        Assert.That(scores, Is.EqualTo(new[] { 1f, 1f, 2f }));
        Assert.That(inner.Calls.Single().Passages, Is.EqualTo(new[] { "a score=1", "b score=2" }));
    }

    [Test]
    public async Task The_least_recently_used_score_is_forgotten_first()
    {
        var inner = new ScriptedReranker();
        var cache = new CachingReranker(inner, capacity: 2);
        await cache.ScoreAsync("q", new[] { "a score=1", "b score=2" });
        await cache.ScoreAsync("q", new[] { "a score=1" }); // a is now more recent than b

        await cache.ScoreAsync("q", new[] { "c score=3" }); // evicts b
        await cache.ScoreAsync("q", new[] { "a score=1", "b score=2" });

        Assert.That(cache.Count, Is.EqualTo(2));
        Assert.That(inner.Calls.Last().Passages, Is.EqualTo(new[] { "b score=2" }));
    }

    [Test]
    public async Task A_failing_model_caches_nothing_and_the_error_reaches_the_caller()
    {
        var cache = new CachingReranker(new ScriptedReranker { ThrowAtPassage = 1 });

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.ScoreAsync("q", new[] { "a score=1", "b score=2" }));

        Assert.That(cache.Count, Is.EqualTo(0));
    }

    [Test]
    public async Task Description_and_statistics_are_the_inner_rerankers()
    {
        var inner = new StatisticsReranker();
        var cache = new CachingReranker(inner);

        await cache.ScoreAsync("q", new[] { "a", "a", "b" });
        await cache.ScoreAsync("q", new[] { "a" });

        Assert.That(cache.Description, Is.SameAs(inner.Description));
        Assert.That(cache.Statistics, Is.SameAs(inner.Statistics));
        Assert.That(cache.Statistics.PassagesScored, Is.EqualTo(2), "only the model's real work is counted");
        Assert.That(new CachingReranker(new ScriptedReranker()).Statistics.PassagesScored, Is.EqualTo(0));
    }

    [Test]
    public void Capacity_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new CachingReranker(new ScriptedReranker(), 0));
    }

    private sealed class StatisticsReranker : IReranker, IRerankStatisticsSource
    {
        public RerankerDescription Description { get; } = new() { Name = "stats", MaxLength = 8, ScoreMeaning = "length" };

        public RerankStatistics Statistics { get; } = new();

        public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
        {
            Statistics.AddPassages(passages.Count);
            return Task.FromResult(passages.Select(p => (float)p.Length).ToArray());
        }
    }

    [Test]
    public async Task Misses_count_passages_sent_and_hits_count_the_other_positions()
    {
        var inner = new ScriptedReranker();
        var cache = new CachingReranker(inner);

        await cache.ScoreAsync("q", new[] { "a score=1", "a score=1", "b score=2", "a score=1" });
        Assert.That(inner.Calls.Single().Passages, Is.EqualTo(new[] { "a score=1", "b score=2" }));
        Assert.That((cache.Hits, cache.Misses), Is.EqualTo((2L, 2L)), "two passages sent; two repeats answered by them");

        await cache.ScoreAsync("q", new[] { "b score=2", "c score=3", "c score=3" });
        Assert.That((cache.Hits, cache.Misses), Is.EqualTo((4L, 3L)), "b from the cache, c sent once and repeated once");
        Assert.That(cache.Hits + cache.Misses, Is.EqualTo(7L), "every position asked for is a hit or a sent passage");
    }

    [Test]
    public async Task Two_concurrent_misses_of_the_same_passage_call_the_model_once()
    {
        var inner = new GatedReranker();
        var cache = new CachingReranker(inner);

        var first = cache.ScoreAsync("q", new[] { "p", "q" });
        var firstCall = await inner.CallAsync(1);
        var second = cache.ScoreAsync("q", new[] { "q", "r" });
        var secondCall = await inner.CallAsync(2);

        Assert.That(firstCall.Passages, Is.EqualTo(new[] { "p", "q" }));
        Assert.That(secondCall.Passages, Is.EqualTo(new[] { "r" }), "q is in flight: not sent again");
        secondCall.Gate.SetResult(new[] { 3f });
        Assert.That(second.IsCompleted, Is.False, "the second request waits for q from the first call");
        firstCall.Gate.SetResult(new[] { 1f, 2f });

        Assert.That(await first, Is.EqualTo(new[] { 1f, 2f }));
        Assert.That(await second, Is.EqualTo(new[] { 2f, 3f }));
        Assert.That(inner.Calls, Has.Count.EqualTo(2));
        Assert.That((cache.Hits, cache.Misses, cache.Count), Is.EqualTo((1L, 3L, 3)));
    }

    [Test]
    public async Task A_cancelled_first_caller_does_not_cancel_a_second_caller_who_waits_for_the_same_passage()
    {
        var inner = new GatedReranker();
        var cache = new CachingReranker(inner);
        using var firstCancellation = new CancellationTokenSource();

        var first = cache.ScoreAsync("q", new[] { "p" }, firstCancellation.Token);
        await inner.CallAsync(1);
        var second = cache.ScoreAsync("q", new[] { "p" });
        firstCancellation.Cancel();

        await Assert.CatchAsync<OperationCanceledException>(() => first);
        var retry = await inner.CallAsync(2);
        Assert.That(retry.Passages, Is.EqualTo(new[] { "p" }), "the second caller sends the passage itself");
        Assert.That(second.IsCompleted, Is.False);
        retry.Gate.SetResult(new[] { 7f });

        Assert.That(await second, Is.EqualTo(new[] { 7f }));
        Assert.That((cache.Hits, cache.Misses, cache.Count), Is.EqualTo((0L, 2L, 1)));
    }

    [Test]
    public async Task A_waiting_caller_that_cancels_stops_only_its_own_wait()
    {
        var inner = new GatedReranker();
        var cache = new CachingReranker(inner);
        using var secondCancellation = new CancellationTokenSource();

        var first = cache.ScoreAsync("q", new[] { "p" });
        var call = await inner.CallAsync(1);
        var second = cache.ScoreAsync("q", new[] { "p" }, secondCancellation.Token);
        secondCancellation.Cancel();

        await Assert.CatchAsync<OperationCanceledException>(() => second);
        call.Gate.SetResult(new[] { 5f });
        Assert.That(await first, Is.EqualTo(new[] { 5f }));
        Assert.That(await cache.ScoreAsync("q", new[] { "p" }), Is.EqualTo(new[] { 5f }));
        Assert.That(inner.Calls, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_failed_shared_call_reaches_its_waiters_and_does_not_poison_the_entry()
    {
        var inner = new GatedReranker();
        var cache = new CachingReranker(inner);

        var first = cache.ScoreAsync("q", new[] { "p" });
        var call = await inner.CallAsync(1);
        var second = cache.ScoreAsync("q", new[] { "p" });
        call.Gate.SetException(new InvalidOperationException("model failed"));

        Assert.That((await Assert.ThrowsAsync<InvalidOperationException>(() => first))!.Message, Is.EqualTo("model failed"));
        Assert.That((await Assert.ThrowsAsync<InvalidOperationException>(() => second))!.Message, Is.EqualTo("model failed"));
        Assert.That(cache.Count, Is.Zero);

        var third = cache.ScoreAsync("q", new[] { "p" });
        (await inner.CallAsync(2)).Gate.SetResult(new[] { 4f });
        Assert.That(await third, Is.EqualTo(new[] { 4f }));
        Assert.That((cache.Hits, cache.Misses, cache.Count), Is.EqualTo((0L, 2L, 1)));
    }

    [Test]
    public async Task Many_concurrent_requests_send_each_passage_once()
    {
        var inner = new GatedReranker();
        var cache = new CachingReranker(inner);

        var requests = Enumerable.Range(0, 16).Select(_ => cache.ScoreAsync("q", new[] { "x", "y", "x" })).ToArray();
        var call = await inner.CallAsync(1);
        call.Gate.SetResult(new[] { 1f, 2f });
        var results = await Task.WhenAll(requests);

        Assert.That(inner.Calls, Has.Count.EqualTo(1));
        Assert.That(results, Has.All.EqualTo(new[] { 1f, 2f, 1f }));
        Assert.That((cache.Hits, cache.Misses), Is.EqualTo((16L * 3 - 2, 2L)));
    }
}
