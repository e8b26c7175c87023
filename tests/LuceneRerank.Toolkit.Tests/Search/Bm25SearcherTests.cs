using Lucene.Net.Search;
using LuceneRerank.Toolkit.Indexing;
using LuceneRerank.Toolkit.Search;
using LuceneRerank.Testing;

namespace LuceneRerank.Toolkit.Tests.Search;

public sealed class Bm25SearcherTests
{
    private TempFiles _files = null!;
    private string _index = null!;

    [OneTimeSetUp]
    public void BuildIndex()
    {
        _files = new TempFiles();
        _index = _files.PathOf("index");
        var corpus = _files.Write("corpus.jsonl",
            """{"_id": "apple", "title": "Apples", "text": "The apple is a fruit. Apples grow on trees."}""",
            """{"_id": "banana", "title": "Bananas", "text": "A banana is a long yellow fruit."}""",
            """{"_id": "short", "title": "", "text": "cherry"}""",
            """{"_id": "long", "title": "", "text": "cherry stone pit seed kernel core flesh skin stalk leaf"}""",
            """{"_id": "titled", "title": "Cherry", "text": "A red stone fruit."}""");
        IndexBuilder.Build(corpus, _index);
    }

    [OneTimeTearDown]
    public void Cleanup() => _files.Dispose();

    [TestCase("\"unbalanced quote")]
    [TestCase("apple AND")]
    [TestCase("OR banana")]
    [TestCase("NOT")]
    [TestCase("title:apple")]
    [TestCase("title: apple")]
    [TestCase(":")]
    [TestCase("(apple")]
    [TestCase("apple)")]
    [TestCase("[apple TO")]
    [TestCase("]")]
    [TestCase("{ }")]
    [TestCase("apple~")]
    [TestCase("~2")]
    [TestCase("*")]
    [TestCase("*apple")]
    [TestCase("?")]
    [TestCase("app?e")]
    [TestCase("^ \\ / ! - + && ||")]
    [TestCase("apple^")]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("the a an of and is")]
    public void AnyUserInputSearchesWithoutThrowing(string query)
    {
        using var searcher = new Bm25Searcher(_index);
        var pipeline = new SearchPipeline(searcher);

        var result = pipeline.Search(query, 10);

        Assert.That(result.Hits.Count, Is.EqualTo(result.TopDocs.ScoreDocs.Length));
        // (The standard tokenizer keeps "title:apple" as one word, as UAX#29 treats ':' between letters as part of a word.)
        if (searcher.QueryBuilder.Analyze(query).Contains("appl"))
        {
            Assert.That(result.Hits[0].DocumentId, Is.EqualTo("apple"), "syntax characters are searched as plain words");
        }
    }

    [Test]
    public void EmptyAndStopWordOnlyQueriesHaveNoHits()
    {
        using var searcher = new Bm25Searcher(_index);
        Assert.That(searcher.Search("", 10).ScoreDocs, Is.Empty);
        Assert.That(searcher.Search("the of and", 10).ScoreDocs, Is.Empty);
        Assert.That(searcher.BuildQuery("(( ]]"), Is.Null);
    }

    [Test]
    public void QueryTermsAreStemmedLikeTheIndex()
    {
        using var searcher = new Bm25Searcher(_index);
        Assert.That(searcher.QueryBuilder.Analyze("The Apples' growing"), Is.EqualTo(new[] { "appl", "grow" }));
        var ids = searcher.Search("growing", 10).ScoreDocs.Select(d => searcher.GetDocumentId(d.Doc));
        Assert.That(ids, Is.EqualTo(new[] { "apple" }));
    }

    [Test]
    public void WithBZeroDocumentLengthDoesNotMatter()
    {
        using var lengthBlind = new Bm25Searcher(_index, new Bm25Parameters(0.9f, 0f));
        using var normal = new Bm25Searcher(_index, new Bm25Parameters(0.9f, 1f));

        float Score(Bm25Searcher s, string id) =>
            s.Search("cherry", 10).ScoreDocs.Single(d => s.GetDocumentId(d.Doc) == id).Score;

        Assert.That(Score(lengthBlind, "short"), Is.EqualTo(Score(lengthBlind, "long")));
        Assert.That(Score(normal, "short"), Is.GreaterThan(Score(normal, "long")));
    }

    [Test]
    public void RepeatedQueryTermCountsTwice()
    {
        using var searcher = new Bm25Searcher(_index);
        var once = searcher.Search("banana", 1).ScoreDocs[0].Score;
        var twice = searcher.Search("banana banana", 1).ScoreDocs[0].Score;
        Assert.That(twice, Is.EqualTo(2 * once).Within(1e-5));
    }

    [Test]
    public void MultifieldSumsTitleAndTextScores()
    {
        using var contents = new Bm25Searcher(_index, fields: SearchFields.Contents);
        using var multi = new Bm25Searcher(_index, fields: SearchFields.Multifield);
        var titleOnly = new TermQuery(new Lucene.Net.Index.Term(IndexFieldNames.Title, "cherri"));
        var textOnly = new TermQuery(new Lucene.Net.Index.Term(IndexFieldNames.Text, "cherri"));

        var titledDoc = multi.Search("cherry", 10).ScoreDocs.Single(d => multi.GetDocumentId(d.Doc) == "titled");
        var titleScore = multi.Searcher.Search(titleOnly, 10).ScoreDocs.Single(d => d.Doc == titledDoc.Doc).Score;
        var textHits = multi.Searcher.Search(textOnly, 10).ScoreDocs;

        Assert.That(textHits.Any(d => d.Doc == titledDoc.Doc), Is.False, "the titled document has no 'cherry' in its text");
        Assert.That(titledDoc.Score, Is.EqualTo(titleScore).Within(1e-6));
        Assert.That(contents.Search("cherry", 10).ScoreDocs.Length, Is.EqualTo(3));
    }
}
