using Lucene.Net.Search;
using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;
using LuceneRerank.Toolkit.Indexing;
using LuceneRerank.Toolkit.Search;
using LuceneRerank.Testing;

namespace LuceneRerank.Toolkit.Tests.Search;

public sealed class SearchPipelineTests
{
    /// <summary>A rescorer that reverses the first-pass order (score = 100 + first-pass position).</summary>
    private sealed class ReversingRescorer : Rescorer
    {
        public int Calls { get; private set; }

        public int LastWindow { get; private set; }

        public override TopDocs Rescore(IndexSearcher searcher, TopDocs firstPassTopDocs, int topN)
        {
            Calls++;
            LastWindow = firstPassTopDocs.ScoreDocs.Length;
            var docs = firstPassTopDocs.ScoreDocs.Select((d, i) => new ScoreDoc(d.Doc, 100 + i)).Reverse().Take(topN).ToArray();
            return new TopDocs(firstPassTopDocs.TotalHits, docs, docs.Length > 0 ? docs[0].Score : float.NaN);
        }

        public override Explanation Explain(IndexSearcher searcher, Explanation firstPassExplanation, int docID) => firstPassExplanation;
    }

    /// <summary>Scores a passage minus its number of "word"s: the reverse of BM25's order for "word".</summary>
    private sealed class FewerWordsFirstReranker : IReranker
    {
        public RerankerDescription Description { get; } = new() { Name = "fewer-words-first", MaxLength = 64, ScoreMeaning = "minus the words" };

        public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default) =>
            Task.FromResult(passages.Select(p => -(float)p.Split(' ').Count(w => w == "word")).ToArray());
    }

    private static (TempFiles Files, string Index) BuildIndex()
    {
        var files = new TempFiles();
        var lines = Enumerable.Range(1, 6).Select(i =>
            $$"""{"_id": "d{{i}}", "title": "", "text": "{{string.Join(' ', Enumerable.Repeat("word", i))}} {{string.Join(' ', Enumerable.Repeat("filler", 10))}}"}""").ToArray();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("c.jsonl", lines), index);
        return (files, index);
    }

    [Test]
    public void WithoutRescorerReturnsBm25Order()
    {
        var (files, index) = BuildIndex();
        using (files)
        using (var searcher = new Bm25Searcher(index))
        {
            var result = new SearchPipeline(searcher).Search("word", 10);
            Assert.That(result.Hits.Select(h => h.DocumentId), Is.EqualTo(new[] { "d6", "d5", "d4", "d3", "d2", "d1" }));
            Assert.That(result.Hits.Select(h => h.Rank), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6 }));
            Assert.That(result.Timings.Rescoring, Is.EqualTo(TimeSpan.Zero));
        }
    }

    /// <remarks>
    /// The window and the tail are the library rescorer's (RescorePipeline's, the one place), no longer re-done by the
    /// pipeline with its own score shift: this test now drives a <see cref="NeuralRescorer"/> with window 3.
    /// </remarks>
    [Test]
    public void NeuralRescorerReranksItsWindowAndHitsBeyondItStayBelowInFirstPassOrder()
    {
        var (files, index) = BuildIndex();
        using (files)
        using (var searcher = new Bm25Searcher(index))
        {
            var reranker = new FewerWordsFirstReranker();
            var options = new NeuralRescorerOptions { Window = 3, TextSource = new PassageTextSource(IndexFieldNames.Text) };
            var pipeline = new SearchPipeline(searcher, q => new NeuralRescorer(reranker, options, q), rerankWindow: 3);

            var result = pipeline.Search("word", 5);

            Assert.That(result.Hits.Select(h => h.DocumentId), Is.EqualTo(new[] { "d4", "d5", "d6", "d3", "d2" }));
            Assert.That(result.Hits.Select(h => h.FirstPassRank), Is.EqualTo(new int?[] { 3, 2, 1, 4, 5 }));
            var scores = result.Hits.Select(h => h.Score).ToList();
            Assert.That(scores, Is.Ordered.Descending, "scores stay monotonic so a run re-sorted by score keeps the order");
            Assert.That(scores[3], Is.LessThan(scores[2]), "the first hit beyond the window scores strictly below the reranked ones");
            Assert.That(result.Timings.Stages, Has.Count.EqualTo(1), "a NeuralRescorer reports one stage");
            Assert.That(result.Timings.Stages[0].Elapsed, Is.GreaterThan(TimeSpan.Zero));
        }
    }

    [Test]
    public void CascadeRescorerReportsATimingPerStage()
    {
        var (files, index) = BuildIndex();
        using (files)
        using (var searcher = new Bm25Searcher(index))
        {
            var text = new PassageTextSource(IndexFieldNames.Text);
            var cascade = new CascadeRescorer(
            [
                new CascadeStage(new FewerWordsFirstReranker(), new NeuralRescorerOptions { Window = 4, TextSource = text }),
                new CascadeStage(new FewerWordsFirstReranker(), new NeuralRescorerOptions { Window = 2, TextSource = text }),
            ]);
            var pipeline = new SearchPipeline(searcher, cascade.ForQuery, rerankWindow: 4);

            var result = pipeline.Search("word", 6);

            // Stage 1 reverses d6 d5 d4 d3 into d3 d4 d5 d6; stage 2 keeps d3 d4 (d3 has fewer words); the rest follows.
            Assert.That(result.Hits.Select(h => h.DocumentId), Is.EqualTo(new[] { "d3", "d4", "d5", "d6", "d2", "d1" }));
            Assert.That(result.Timings.Stages, Has.Count.EqualTo(2));
            Assert.That(result.Hits.Select(h => h.Score), Is.Ordered.Descending);
        }
    }

    [Test]
    public void AnotherLuceneRescorerSeesEveryFetchedHitAndItsResultIsUsedAsItIs()
    {
        var (files, index) = BuildIndex();
        using (files)
        using (var searcher = new Bm25Searcher(index))
        {
            var rescorer = new ReversingRescorer();
            var pipeline = new SearchPipeline(searcher, _ => rescorer, rerankWindow: 3);

            var result = pipeline.Search("word", 2);

            Assert.That(rescorer.LastWindow, Is.EqualTo(3), "the first pass fetches max(hits, window)");
            Assert.That(result.Hits.Select(h => h.DocumentId), Is.EqualTo(new[] { "d4", "d5" }));
            Assert.That(result.Timings.Stages, Is.Empty);
        }
    }

    [Test]
    public void RescorerWithoutWindowSeesEveryFirstPassHitAndEmptyResultsSkipIt()
    {
        var (files, index) = BuildIndex();
        using (files)
        using (var searcher = new Bm25Searcher(index))
        {
            var rescorer = new ReversingRescorer();
            var pipeline = new SearchPipeline(searcher, _ => rescorer);

            var result = pipeline.Search("word", 4);
            var empty = pipeline.Search("nothingmatches", 4);

            Assert.That(rescorer.LastWindow, Is.EqualTo(4));
            Assert.That(result.Hits.Select(h => h.DocumentId), Is.EqualTo(new[] { "d3", "d4", "d5", "d6" }));
            Assert.That(empty.Hits, Is.Empty);
            Assert.That(rescorer.Calls, Is.EqualTo(1));
        }
    }
}
