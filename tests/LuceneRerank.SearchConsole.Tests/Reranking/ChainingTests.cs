using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;
using LuceneRerank.SearchConsole.Commands;
using LuceneRerank.SearchConsole.Tests.Commands;
using LuceneRerank.Tests.TestSupport;
using LuceneRerank.Toolkit.Search;

namespace LuceneRerank.SearchConsole.Tests.Reranking;

/// <summary>Two rescorers in a row (<c>--model</c> then <c>--stage</c>): the second sees only the top of the first's result.</summary>
public sealed class ChainingTests
{
    private TextScoreIndex _scoreIndex = null!;
    private string _index = "";

    /// <summary>BM25 for "word" ranks d6 first down to d1 (see <see cref="TextScoreIndex"/> for the score= values).</summary>
    [OneTimeSetUp]
    public void BuildIndex()
    {
        _scoreIndex = new TextScoreIndex();
        _index = _scoreIndex.Path;
    }

    [OneTimeTearDown]
    public void Delete() => _scoreIndex.Dispose();

    [Test]
    public void Stage_two_reranks_only_stage_ones_top_window_and_the_rest_keeps_stage_ones_order()
    {
        using var searcher = new Bm25Searcher(_index);
        var first = new TextScoreReranker();
        var second = new NegatedReranker();
        var chain = new CascadeRescorer(
        [
            new CascadeStage(first, PipelineFactory.RescorerOptions(4, ScoreFusion.Replace)),
            new CascadeStage(second, PipelineFactory.RescorerOptions(2, ScoreFusion.Replace)),
        ]);
        var pipeline = PipelineFactory.Create(searcher, chain);

        var result = pipeline.Search("word", 6);

        // BM25: d6 d5 d4 d3 | d2 d1. Stage 1 (window 4, score=): d4 9, d3 6, d5 5, d6 1, then d2 d1.
        // Stage 2 (window 2, minus score=) over d4, d3: d3 −6 > d4 −9; then d5 d6 d2 d1 in stage 1's order.
        Assert.That(first.Calls.Single().Select(Id), Is.EqualTo(new[] { "t6", "t5", "t4", "t3" }));
        Assert.That(second.Calls.Single().Select(Id), Is.EqualTo(new[] { "t4", "t3" }));
        Assert.That(result.Hits.Select(h => h.DocumentId), Is.EqualTo(new[] { "d3", "d4", "d5", "d6", "d2", "d1" }));
        Assert.That(result.Hits.Select(h => h.FirstPassRank), Is.EqualTo(new int?[] { 4, 3, 2, 1, 5, 6 }));
        var scores = result.Hits.Select(h => h.Score).ToArray();
        Assert.That(scores, Is.Ordered.Descending, "scores fall with rank so that trec_eval keeps the order");
        var timings = result.Timings.Stages;
        Assert.That(timings, Has.Count.EqualTo(2));
        Assert.That(timings[0].Tokenization, Is.EqualTo(TextScoreReranker.TicksToTime(4)), "stage 1 tokenised its four passages");
        Assert.That(timings[1].Tokenization, Is.EqualTo(TextScoreReranker.TicksToTime(2)), "stage 2 tokenised its two");
    }

    [Test]
    public void Interactive_mode_names_both_stages_and_times_each()
    {
        using var searcher = new Bm25Searcher(_index);
        var chain = new CascadeRescorer(
        [
            new CascadeStage(new TextScoreReranker(), PipelineFactory.RescorerOptions(4, ScoreFusion.Replace)),
            new CascadeStage(new NegatedReranker(), PipelineFactory.RescorerOptions(2, ScoreFusion.Replace)),
        ]);
        var settings = new SearchSettings { IndexPath = _index, Hits = 10 };
        using var output = new StringWriter();

        InteractiveMode.Run(PipelineFactory.Create(searcher, chain), settings, new StringReader("word\n"), output, chain);

        var text = output.ToString();
        Assert.That(text, Does.Contain("reranked by text-score (window 4, fusion Replace (final score = model score)), then negated (window 2,"));
        Assert.That(text, Does.Contain("  1  (bm25   4)  d3"));
        Assert.That(text, Does.Match(
            @"rescoring [0-9.]+ ms \(stage 1 [0-9.]+ ms: tokenisation [0-9.]+ ms, inference [0-9.]+ ms; stage 2 [0-9.]+ ms: tokenisation [0-9.]+ ms, inference [0-9.]+ ms\)"));
    }

    [Test]
    public void A_later_stage_with_a_larger_window_is_refused()
    {
        Assert.That(() => new CascadeRescorer(
            [
                new CascadeStage(new TextScoreReranker(), PipelineFactory.RescorerOptions(2, ScoreFusion.Replace)),
                new CascadeStage(new TextScoreReranker(), PipelineFactory.RescorerOptions(3, ScoreFusion.Replace)),
            ]),
            Throws.ArgumentException.With.Message.Contains("Stage 2's window (3) is larger than stage 1's (2)"));
    }

    [Test]
    public void Console_chain_cross_encoder_then_monot5_oracle_on_the_top_two()
    {
        using var bed = new RerankerTestBed();
        var crossEncoder = GeneratedModels.XenovaOneLabel;
        var (alone, stageOne) = bed.Search("--model", crossEncoder, "--window", "4");
        Assert.That(alone.ExitCode, Is.EqualTo(0), alone.Error);

        var stage = $"monot5@{Path.Combine(bed.T5Oracle, "monot5.json")}:2:{bed.T5Oracle}";
        var (console, ranking) = bed.Search("--model", crossEncoder, "--window", "4", "--stage", stage);

        Assert.That(console.ExitCode, Is.EqualTo(0), console.Error);
        var oracleRank = RerankerTestBed.OracleOrder.ToList();
        var expected = stageOne.Take(2).OrderBy(oracleRank.IndexOf).Concat(stageOne.Skip(2)).ToArray();
        Assert.That(ranking, Is.EqualTo(expected), $"stage 1 alone: {string.Join(" ", stageOne)}");
        Assert.That(console.Output, Does.Contain(
            "reranked by xenova-layout-1-label (provider CPU, window 4, fusion Replace (final score = model score)), " +
            "then oracle-t5 (monoT5 scoring) (provider CPU, window 2, fusion Replace"));
        Assert.That(console.Output, Does.Match(@"stage 1\s+[0-9.]+ s \([0-9.]+ ms/query; tokenise [0-9.]+ s, inference [0-9.]+ s\) xenova-layout-1-label"));
        Assert.That(console.Output, Does.Match(@"stage 2\s+[0-9.]+ s .*oracle-t5 \(monoT5 scoring\)"));
    }

    [Test]
    public void Console_refuses_a_second_stage_window_larger_than_the_first()
    {
        using var bed = new RerankerTestBed();

        var (console, _) = bed.Search("--model", GeneratedModels.XenovaOneLabel, "--window", "2", "--stage", $"monot5:3:{bed.T5Oracle}");

        Assert.That(console.ExitCode, Is.EqualTo(1));
        Assert.That(console.Error, Does.Contain("stage 2's window (3) is larger than stage 1's (2)"));
    }

    private static string Id(string passage) => passage.Split(' ')[0];

    /// <summary>Minus the score= value: the reverse of <see cref="TextScoreReranker"/>'s order.</summary>
    private sealed class NegatedReranker : IReranker
    {
        private readonly TextScoreReranker _inner = new();

        public RerankerDescription Description { get; } = new() { Name = "negated", MaxLength = 64, ScoreMeaning = "minus score=" };

        public List<string[]> Calls => _inner.Calls;

        public async Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default) =>
            (await _inner.ScoreAsync(query, passages, cancellationToken)).Select(s => -s).ToArray();
    }
}
