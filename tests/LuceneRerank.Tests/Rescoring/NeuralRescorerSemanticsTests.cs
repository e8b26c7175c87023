using Lucene.Net.Index;
using Lucene.Net.Search;
using LuceneRerank.Rescoring;

namespace LuceneRerank.Tests.Rescoring;

public sealed class NeuralRescorerSemanticsTests
{
    // Model scores (from the text) 1, 5, 3, 5, 2; first pass in doc order with scores 10, 9, 8, 7, 6.
    private static TestIndex FiveDocs() => TestIndex.WithTexts(
        "apple zero score=1", "apple one score=5", "apple two score=3", "apple three score=5", "apple four score=2");

    private static TopDocs FiveHits(int totalHits = 5) =>
        TestIndex.FirstPass(totalHits, (0, 10f), (1, 9f), (2, 8f), (3, 7f), (4, 6f));

    private static int[] Docs(TopDocs topDocs) => topDocs.ScoreDocs.Select(s => s.Doc).ToArray();

    [Test]
    public async Task Rescore_never_changes_the_callers_TopDocs_or_ScoreDocs()
    {
        using var index = FiveDocs();
        var firstPass = FiveHits();
        var before = firstPass.ScoreDocs.Select(s => (s.Doc, s.Score, s.ShardIndex)).ToArray();
        var originals = firstPass.ScoreDocs.ToArray();
        var rescorer = new NeuralRescorer(new ScriptedReranker(), query: "apple");

        var result = await rescorer.RescoreAsync(index.Searcher, firstPass, 5);
        var synchronous = rescorer.Rescore(index.Searcher, firstPass, 5);

        Assert.That(firstPass.ScoreDocs.Select(s => (s.Doc, s.Score, s.ShardIndex)), Is.EqualTo(before));
        Assert.That(firstPass.ScoreDocs, Is.EqualTo(originals), "the array holds the same objects in the same order");
        Assert.That(firstPass.MaxScore, Is.EqualTo(10f));
        Assert.That(firstPass.TotalHits, Is.EqualTo(5));
        foreach (var scoreDoc in result.TopDocs.ScoreDocs.Concat(synchronous.ScoreDocs))
        {
            Assert.That(originals.Any(o => ReferenceEquals(o, scoreDoc)), Is.False, "results are new ScoreDoc objects");
        }
    }

    [Test]
    public async Task Empty_first_pass_gives_an_empty_result_without_calling_the_reranker()
    {
        using var index = FiveDocs();
        var reranker = new ScriptedReranker();
        var rescorer = new NeuralRescorer(reranker, query: "apple");

        var result = await rescorer.RescoreAsync(index.Searcher, TestIndex.FirstPass(0), 10);
        var synchronous = rescorer.Rescore(index.Searcher, new TopDocs(0, Array.Empty<ScoreDoc>(), float.NaN), 10);

        Assert.That(result.TopDocs.ScoreDocs, Is.Empty);
        Assert.That(result.TopDocs.TotalHits, Is.EqualTo(0));
        Assert.That(result.TopDocs.MaxScore, Is.NaN);
        Assert.That(synchronous.ScoreDocs, Is.Empty);
        Assert.That(reranker.Calls, Is.Empty);
    }

    [Test]
    public async Task TopN_zero_gives_an_empty_result_keeps_TotalHits_and_does_not_call_the_reranker()
    {
        using var index = FiveDocs();
        var reranker = new ScriptedReranker();

        var result = await new NeuralRescorer(reranker).RescoreAsync(index.Searcher, FiveHits(), "apple", 0);

        Assert.That(result.TopDocs.ScoreDocs, Is.Empty);
        Assert.That(result.TopDocs.TotalHits, Is.EqualTo(5));
        Assert.That(result.TopDocs.MaxScore, Is.NaN);
        Assert.That(reranker.Calls, Is.Empty);
    }

    [Test]
    public async Task Negative_topN_is_rejected()
    {
        using var index = FiveDocs();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            new NeuralRescorer(new ScriptedReranker()).RescoreAsync(index.Searcher, FiveHits(), "apple", -1));
    }

    [Test]
    public async Task TopN_larger_than_the_hits_returns_them_all_reranked()
    {
        using var index = FiveDocs();

        var result = await new NeuralRescorer(new ScriptedReranker()).RescoreAsync(index.Searcher, FiveHits(), "apple", 1000);

        // Model scores 1, 5, 3, 5, 2: docs 1 and 3 tie at 5 and doc 1 was first in the first pass.
        Assert.That(Docs(result.TopDocs), Is.EqualTo(new[] { 1, 3, 2, 4, 0 }));
        Assert.That(result.TopDocs.ScoreDocs.Select(s => s.Score), Is.EqualTo(new[] { 5f, 5f, 3f, 2f, 1f }));
    }

    [Test]
    public async Task Ties_are_broken_by_first_pass_rank_not_by_doc_id()
    {
        using var index = FiveDocs();
        // Doc 3 comes before doc 1 in this first pass; both get model score 5.
        var firstPass = TestIndex.FirstPass(5, (3, 10f), (1, 9f), (0, 8f));

        var result = await new NeuralRescorer(new ScriptedReranker()).RescoreAsync(index.Searcher, firstPass, "apple", 3);

        Assert.That(Docs(result.TopDocs), Is.EqualTo(new[] { 3, 1, 0 }));
    }

    [Test]
    public async Task Ties_of_every_hit_keep_the_first_pass_order()
    {
        using var index = FiveDocs();
        var reranker = new ScriptedReranker(_ => 0.25f);

        var result = await new NeuralRescorer(reranker).RescoreAsync(index.Searcher, FiveHits(), "apple", 5);

        Assert.That(Docs(result.TopDocs), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
    }

    [Test]
    public async Task TotalHits_is_preserved_and_MaxScore_is_the_new_top_score()
    {
        using var index = FiveDocs();

        var result = await new NeuralRescorer(new ScriptedReranker(t => -ScriptedReranker.ScoreFromText(t)))
            .RescoreAsync(index.Searcher, FiveHits(totalHits: 1234), "apple", 2);

        // Negated model scores -1, -5, -3, -5, -2: the best is doc 0 at -1, then doc 4 at -2.
        Assert.That(result.TopDocs.TotalHits, Is.EqualTo(1234));
        Assert.That(Docs(result.TopDocs), Is.EqualTo(new[] { 0, 4 }));
        Assert.That(result.TopDocs.MaxScore, Is.EqualTo(-1f));
    }

    [Test]
    public async Task ShardIndex_is_copied_to_the_result()
    {
        using var index = FiveDocs();
        var firstPass = new TopDocs(2, new[] { new ScoreDoc(0, 2f, 7), new ScoreDoc(1, 1f, 3) }, 2f);

        var result = await new NeuralRescorer(new ScriptedReranker()).RescoreAsync(index.Searcher, firstPass, "apple", 2);

        Assert.That(result.TopDocs.ScoreDocs.Select(s => (s.Doc, s.ShardIndex)), Is.EqualTo(new[] { (1, 3), (0, 7) }));
    }

    [Test]
    public async Task The_query_and_the_window_passages_reach_the_reranker_in_first_pass_order()
    {
        using var index = FiveDocs();
        var reranker = new ScriptedReranker();

        await new NeuralRescorer(reranker, new NeuralRescorerOptions { Window = 3 })
            .RescoreAsync(index.Searcher, FiveHits(), "which apple", 5);

        Assert.That(reranker.Calls, Has.Count.EqualTo(1));
        Assert.That(reranker.Calls[0].Query, Is.EqualTo("which apple"));
        Assert.That(reranker.Calls[0].Passages, Is.EqualTo(new[] { "apple zero score=1", "apple one score=5", "apple two score=3" }));
    }

    [Test]
    public void Lucene_Rescore_works_on_a_bound_rescorer_and_explains_what_is_missing_on_an_unbound_one()
    {
        using var index = FiveDocs();
        var unbound = new NeuralRescorer(new ScriptedReranker());
        Rescorer bound = unbound.ForQuery("apple");

        var topDocs = bound.Rescore(index.Searcher, FiveHits(), 3);

        Assert.That(Docs(topDocs), Is.EqualTo(new[] { 1, 3, 2 }));
        Assert.That(((NeuralRescorer)bound).Query, Is.EqualTo("apple"));
        var error = Assert.Throws<InvalidOperationException>(() => unbound.Rescore(index.Searcher, FiveHits(), 3));
        Assert.That(error!.Message, Does.Contain("ForQuery"));
        Assert.That(unbound.LastResult, Is.Null, "the bound copy keeps its own last result");
    }

    [Test]
    public async Task A_real_BM25_first_pass_is_reranked()
    {
        using var index = TestIndex.WithTexts(
            "apple apple apple score=1", "banana score=9", "apple pie score=4", "an apple a day score=7");
        var firstPass = index.Searcher.Search(new TermQuery(new Term("text", "apple")), 10);
        Assert.That(firstPass.ScoreDocs, Has.Length.EqualTo(3), "BM25 finds the three apple documents");

        var result = await new NeuralRescorer(new ScriptedReranker()).RescoreAsync(index.Searcher, firstPass, "apple", 10);

        Assert.That(Docs(result.TopDocs), Is.EqualTo(new[] { 3, 2, 0 }));
        Assert.That(result.TopDocs.TotalHits, Is.EqualTo(firstPass.TotalHits));
        Assert.That(result.Hits.Select(h => h.FirstPassScore), Is.EqualTo(firstPass.ScoreDocs.Select(s => s.Score)));
    }

    [Test]
    public async Task Linear_fusion_refuses_first_pass_hits_without_scores()
    {
        using var index = FiveDocs();
        var firstPass = TestIndex.FirstPass(2, (0, float.NaN), (1, float.NaN));
        var linear = new NeuralRescorer(new ScriptedReranker(), new NeuralRescorerOptions { Fusion = ScoreFusion.Linear(1, 1) });

        var error = await Assert.ThrowsAsync<ArgumentException>(() => linear.RescoreAsync(index.Searcher, firstPass, "apple", 2));
        var replaced = await new NeuralRescorer(new ScriptedReranker()).RescoreAsync(index.Searcher, firstPass, "apple", 2);

        Assert.That(error!.Message, Does.Contain("NaN"));
        Assert.That(Docs(replaced.TopDocs), Is.EqualTo(new[] { 1, 0 }));
    }

    [TestCase(float.PositiveInfinity, "Linear")]
    [TestCase(float.NegativeInfinity, "Linear")]
    [TestCase(float.PositiveInfinity, "NormalizedLinear")]
    public async Task Score_fusions_refuse_infinite_first_pass_scores_they_would_turn_into_NaN(float infinite, string mode)
    {
        using var index = FiveDocs();
        var firstPass = TestIndex.FirstPass(3, (0, 5f), (1, infinite), (2, 1f));
        var fusion = mode == "Linear" ? ScoreFusion.Linear(0, 1) : ScoreFusion.NormalizedLinear(ScoreNormalization.MinMax, 1, 1);
        var reranker = new ScriptedReranker();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            new NeuralRescorer(reranker, new NeuralRescorerOptions { Fusion = fusion }).RescoreAsync(index.Searcher, firstPass, "apple", 3));
        var byRank = await new NeuralRescorer(reranker, new NeuralRescorerOptions { Fusion = ScoreFusion.ReciprocalRank() })
            .RescoreAsync(index.Searcher, firstPass, "apple", 3);

        Assert.That(error!.Message, Does.Contain($"rank 2 has the score {(infinite > 0 ? "Infinity" : "-Infinity")}"));
        Assert.That(byRank.TopDocs.ScoreDocs.Select(s => s.Score), Has.All.Matches<float>(float.IsFinite), "rank fusion needs no scores");
    }

    [Test]
    public async Task Concurrent_rescorings_on_one_rescorer_each_get_their_own_exact_result()
    {
        using var index = FiveDocs();
        var rescorer = new NeuralRescorer(new ScriptedReranker(t => ScriptedReranker.ScoreFromText(t)));
        var queries = Enumerable.Range(0, 32).Select(i => $"query {i}").ToArray();

        var results = await Task.WhenAll(queries.Select(q => Task.Run(() => rescorer.RescoreAsync(index.Searcher, FiveHits(), q, 5))));

        for (var i = 0; i < queries.Length; i++)
        {
            Assert.That(results[i].Query, Is.EqualTo(queries[i]));
            Assert.That(Docs(results[i].TopDocs), Is.EqualTo(new[] { 1, 3, 2, 4, 0 }));
            Assert.That(results[i].Explain(2).Description, Does.Contain($"\"{queries[i]}\""));
        }

        Assert.That(queries, Does.Contain(rescorer.LastResult!.Query));
    }

    [Test]
    public async Task A_reranker_that_throws_before_returning_a_task_is_handled_like_any_failure()
    {
        using var index = FiveDocs();
        var options = new NeuralRescorerOptions { FailurePolicy = FailurePolicy.FallBackToFirstPass };

        var result = await new NeuralRescorer(new SynchronouslyThrowingReranker(), options).RescoreAsync(index.Searcher, FiveHits(), "q", 2);

        Assert.That(result.FallbackReason, Is.EqualTo(FallbackReason.RerankerFailed));
        Assert.That(Docs(result.TopDocs), Is.EqualTo(new[] { 0, 1 }));
    }

    private sealed class SynchronouslyThrowingReranker : LuceneRerank.Reranking.IReranker
    {
        public LuceneRerank.Reranking.RerankerDescription Description { get; } =
            new() { Name = "sync-thrower", MaxLength = 1, ScoreMeaning = "none" };

        public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("thrown before any task exists");
    }
}
