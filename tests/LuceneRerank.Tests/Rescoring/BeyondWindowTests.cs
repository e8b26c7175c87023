using Lucene.Net.Search;
using LuceneRerank.Rescoring;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>Six hits, a window of three: model scores 1, 3, 2 inside the window, 9, 8, 7 beyond it (never used).</summary>
public sealed class BeyondWindowTests
{
    private static TestIndex SixDocs() => TestIndex.WithTexts(
        "a score=1", "b score=3", "c score=2", "d score=9", "e score=8", "f score=7");

    private static TopDocs SixHits(int count = 6) =>
        TestIndex.FirstPass(100, new[] { (0, 60f), (1, 50f), (2, 40f), (3, 30f), (4, 20f), (5, 10f) }.Take(count).ToArray());

    private static NeuralRescorer Rescorer(BeyondWindowPolicy policy, ScriptedReranker? reranker = null) =>
        new(reranker ?? new ScriptedReranker(), new NeuralRescorerOptions { Window = 3, BeyondWindow = policy }, "q");

    private static int[] Docs(TopDocs topDocs) => topDocs.ScoreDocs.Select(s => s.Doc).ToArray();

    [Test]
    public async Task Drop_returns_only_the_reranked_window_like_Lucene()
    {
        using var index = SixDocs();
        var reranker = new ScriptedReranker();

        var result = await Rescorer(BeyondWindowPolicy.Drop, reranker).RescoreAsync(index.Searcher, SixHits(), 10);

        Assert.That(Docs(result.TopDocs), Is.EqualTo(new[] { 1, 2, 0 }));
        Assert.That(reranker.Calls.Single().Passages, Has.Length.EqualTo(3), "only the window is scored");
        Assert.That(result.FindHit(4)!.Returned, Is.False);
        Assert.That(result.FindHit(4)!.FinalScore, Is.Null);
    }

    [Test]
    public async Task Append_puts_the_rest_below_in_first_pass_order_with_scores_one_apart()
    {
        using var index = SixDocs();

        var result = await Rescorer(BeyondWindowPolicy.Append).RescoreAsync(index.Searcher, SixHits(), 10);

        Assert.That(Docs(result.TopDocs), Is.EqualTo(new[] { 1, 2, 0, 3, 4, 5 }));
        // The lowest reranked score is 1 (doc 0); appended hits score 0, -1, -2.
        Assert.That(result.TopDocs.ScoreDocs.Select(s => s.Score), Is.EqualTo(new[] { 3f, 2f, 1f, 0f, -1f, -2f }));
        Assert.That(result.TopDocs.MaxScore, Is.EqualTo(3f));
    }

    [Test]
    public void Append_is_the_default()
    {
        Assert.That(new NeuralRescorerOptions().BeyondWindow, Is.EqualTo(BeyondWindowPolicy.Append));
    }

    [Test]
    public async Task Append_keeps_scores_strictly_decreasing_where_a_step_of_one_is_below_float_precision()
    {
        using var index = SixDocs();
        var reranker = new ScriptedReranker(t => 1e9f * ScriptedReranker.ScoreFromText(t));

        var result = await Rescorer(BeyondWindowPolicy.Append, reranker).RescoreAsync(index.Searcher, SixHits(), 10);

        var scores = result.TopDocs.ScoreDocs.Select(s => s.Score).ToArray();
        Assert.That(Docs(result.TopDocs), Is.EqualTo(new[] { 1, 2, 0, 3, 4, 5 }));
        for (var i = 3; i < scores.Length; i++)
        {
            Assert.That(scores[i], Is.LessThan(scores[i - 1]), $"score at position {i + 1}");
        }
    }

    [Test]
    public async Task Pages_of_a_fixed_window_are_prefixes_of_one_another()
    {
        using var index = SixDocs();
        foreach (var policy in new[] { BeyondWindowPolicy.Append, BeyondWindowPolicy.Drop })
        {
            var rescorer = Rescorer(policy);
            var all = (await rescorer.RescoreAsync(index.Searcher, SixHits(), 6)).TopDocs.ScoreDocs
                .Select(s => (s.Doc, s.Score)).ToArray();
            for (var topN = 1; topN <= 6; topN++)
            {
                var page = (await rescorer.RescoreAsync(index.Searcher, SixHits(), topN)).TopDocs.ScoreDocs
                    .Select(s => (s.Doc, s.Score));
                Assert.That(page, Is.EqualTo(all.Take(topN)), $"{policy}, topN {topN}");
            }
        }
    }

    [Test]
    public async Task A_deeper_first_pass_does_not_reorder_the_reranked_head()
    {
        using var index = SixDocs();
        var rescorer = Rescorer(BeyondWindowPolicy.Append);

        var shallow = await rescorer.RescoreAsync(index.Searcher, SixHits(4), 4);
        var deep = await rescorer.RescoreAsync(index.Searcher, SixHits(6), 6);

        Assert.That(Docs(deep.TopDocs).Take(4), Is.EqualTo(Docs(shallow.TopDocs)));
    }

    [Test]
    public async Task Beyond_window_hits_are_recorded_as_such()
    {
        using var index = SixDocs();

        var result = await Rescorer(BeyondWindowPolicy.Append).RescoreAsync(index.Searcher, SixHits(), 4);

        var inside = result.FindHit(2)!;
        var beyond = result.FindHit(4)!;
        var cut = result.FindHit(5)!;
        Assert.That((inside.InWindow, inside.ModelScore, inside.Returned), Is.EqualTo((true, (float?)2f, true)));
        Assert.That((beyond.InWindow, beyond.ModelScore, beyond.FinalRank, beyond.Returned), Is.EqualTo((false, (float?)null, (int?)4, false)));
        Assert.That((cut.FinalRank, cut.Returned), Is.EqualTo(((int?)5, false)));
    }
}
