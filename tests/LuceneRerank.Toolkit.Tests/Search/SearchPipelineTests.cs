using Lucene.Net.Search;
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

    [Test]
    public void RescorerSeesTheWindowAndHitsBeyondItStayBelowInFirstPassOrder()
    {
        var (files, index) = BuildIndex();
        using (files)
        using (var searcher = new Bm25Searcher(index))
        {
            var rescorer = new ReversingRescorer();
            var pipeline = new SearchPipeline(searcher, _ => rescorer, rerankWindow: 3);

            var result = pipeline.Search("word", 5);

            Assert.That(rescorer.LastWindow, Is.EqualTo(3));
            Assert.That(result.Hits.Select(h => h.DocumentId), Is.EqualTo(new[] { "d4", "d5", "d6", "d3", "d2" }));
            var scores = result.Hits.Select(h => h.Score).ToList();
            Assert.That(scores, Is.Ordered.Descending, "scores stay monotonic so a run re-sorted by score keeps the order");
            Assert.That(scores[3], Is.LessThan(scores[2]));
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
