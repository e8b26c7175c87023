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
}
