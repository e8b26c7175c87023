using LuceneRerank.Rescoring;
using LuceneRerank.SearchConsole.Commands;
using LuceneRerank.Toolkit.Search;

namespace LuceneRerank.SearchConsole.Tests.Commands;

public sealed class PipelineFactoryTests
{
    private TextScoreIndex _scoreIndex = null!;
    private string _index = "";

    /// <summary>BM25 for "word" ranks d6 first down to d1; inside a window of three the model reverses that (see <see cref="TextScoreIndex"/>).</summary>
    [OneTimeSetUp]
    public void BuildIndex()
    {
        _scoreIndex = new TextScoreIndex();
        _index = _scoreIndex.Path;
    }

    [OneTimeTearDown]
    public void Delete() => _scoreIndex.Dispose();

    private SearchSettings Settings(int window = 3, ScoreFusion? fusion = null) => new()
    {
        IndexPath = _index, Hits = 10, Window = window, Fusion = fusion ?? ScoreFusion.Replace,
    };

    [Test]
    public void The_window_is_reranked_and_each_hit_keeps_its_BM25_rank()
    {
        using var searcher = new Bm25Searcher(_index);
        var reranker = new TextScoreReranker();
        var pipeline = PipelineFactory.Create(searcher, Settings(), reranker);

        var result = pipeline.Search("word", 5);

        Assert.That(result.Hits.Select(h => h.DocumentId), Is.EqualTo(new[] { "d4", "d5", "d6", "d3", "d2" }));
        Assert.That(result.Hits.Select(h => h.FirstPassRank), Is.EqualTo(new int?[] { 3, 2, 1, 4, 5 }));
        Assert.That(reranker.Calls.Single(), Is.EqualTo(new[]
        {
            "t6 word word word word word word filler filler filler score=1",
            "t5 word word word word word filler filler filler score=5",
            "t4 word word word word filler filler filler score=9",
        }), "passages are title and text joined by a space, window of three");
    }

    [Test]
    public void Tokenisation_and_inference_time_come_from_the_rerankers_statistics()
    {
        using var searcher = new Bm25Searcher(_index);
        var pipeline = PipelineFactory.Create(searcher, Settings(window: 4), new TextScoreReranker());

        var timings = pipeline.Search("word", 5).Timings;

        Assert.That(timings.Tokenization, Is.EqualTo(TextScoreReranker.TicksToTime(4)));
        Assert.That(timings.Inference, Is.EqualTo(TextScoreReranker.TicksToTime(8)));
    }

    [Test]
    public void Fusion_reaches_the_rescorer()
    {
        using var searcher = new Bm25Searcher(_index);
        var pipeline = PipelineFactory.Create(searcher, Settings(fusion: ScoreFusion.Parse("rrf:0")), new TextScoreReranker());

        // RRF k 0 over BM25 ranks (d6 1, d5 2, d4 3) and model ranks (d4 1, d5 2, d6 3): d6 = d4 = 1 + 1/3, d5 = 1;
        // the tie goes to the better BM25 rank (d6).
        var result = pipeline.Search("word", 3);

        Assert.That(result.Hits.Select(h => h.DocumentId), Is.EqualTo(new[] { "d6", "d4", "d5" }));
        Assert.That(result.Hits[0].Score, Is.EqualTo(1f + 1f / 3).Within(1e-6));
    }

    [Test]
    public void Without_a_reranker_hits_carry_their_BM25_rank()
    {
        using var searcher = new Bm25Searcher(_index);
        var pipeline = PipelineFactory.Create(searcher, Settings());

        var result = pipeline.Search("word", 3);

        Assert.That(pipeline.HasRescorer, Is.False);
        Assert.That(result.Hits.Select(h => h.FirstPassRank), Is.EqualTo(new int?[] { 1, 2, 3 }));
    }

    [Test]
    public void Interactive_mode_shows_the_BM25_rank_beside_the_reranked_rank_and_the_time_split()
    {
        using var searcher = new Bm25Searcher(_index);
        var reranker = new TextScoreReranker();
        var chain = PipelineFactory.SingleStage(Settings(), reranker);
        var pipeline = PipelineFactory.Create(searcher, chain);
        using var output = new StringWriter();

        InteractiveMode.Run(pipeline, Settings(), new StringReader("word\n"), output, chain);

        var text = output.ToString();
        Assert.That(text, Does.Contain("reranked by text-score (window 3, fusion Replace"));
        Assert.That(text, Does.Contain("  1  (bm25   3)  d4  9.0000  t4"));
        Assert.That(text, Does.Contain("  3  (bm25   1)  d6  1.0000  t6"));
        Assert.That(text, Does.Match(@"rescoring [0-9.]+ ms \(tokenisation [0-9.]+ ms, inference [0-9.]+ ms\)"));
    }
}
