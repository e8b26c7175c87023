using LuceneRerank.Toolkit.Corpora;
using LuceneRerank.Testing;

namespace LuceneRerank.Toolkit.Tests.Corpora;

public sealed class CorpusReaderTests
{
    [Test]
    public void ReadsBeirJsonlIgnoringExtraKeysAndMissingTitle()
    {
        using var files = new TempFiles();
        var path = files.Write("corpus.jsonl",
            """{"_id": "d1", "title": "First", "text": "Alpha text.", "metadata": {"x": 1}}""",
            "",
            """{"_id": "d2", "text": "Beta text."}""",
            """{"_id": 7, "title": null, "text": "Numeric id."}""");

        var reader = new CorpusReader(path);
        var documents = reader.ReadDocuments().ToList();

        Assert.That(reader.Format, Is.EqualTo(CorpusFormat.Jsonl));
        Assert.That(documents, Is.EqualTo(new[]
        {
            new CorpusDocument("d1", "First", "Alpha text."),
            new CorpusDocument("d2", "", "Beta text."),
            new CorpusDocument("7", "", "Numeric id."),
        }));
    }

    [Test]
    public void ReadsTwoColumnTsv()
    {
        using var files = new TempFiles();
        var path = files.Write("collection.tsv", "p1\tThe first passage.", "p2\tThe second passage.");

        var documents = new CorpusReader(path).ReadDocuments().ToList();

        Assert.That(documents, Is.EqualTo(new[]
        {
            new CorpusDocument("p1", "", "The first passage."),
            new CorpusDocument("p2", "", "The second passage."),
        }));
    }

    [Test]
    public void ReadsThreeColumnTsv()
    {
        using var files = new TempFiles();
        var path = files.Write("docs.tsv", "d1\tTitle one\tBody one", "d2\tTitle two\tBody two");

        var documents = new CorpusReader(path).ReadDocuments().ToList();

        Assert.That(documents[1], Is.EqualTo(new CorpusDocument("d2", "Title two", "Body two")));
    }

    [Test]
    public void DetectsFormatFromContentWhenTheExtensionSaysNothing()
    {
        using var files = new TempFiles();
        var json = files.Write("corpus.txt", "", """{"_id": "a", "text": "x"}""");
        var tsv = files.Write("corpus.dat", "a\tx");
        var neither = files.Write("corpus.csv", "a,x");

        Assert.That(CorpusFormatDetector.Detect(json), Is.EqualTo(CorpusFormat.Jsonl));
        Assert.That(CorpusFormatDetector.Detect(tsv), Is.EqualTo(CorpusFormat.Tsv));
        var e = Assert.Throws<CorpusFormatException>(() => CorpusFormatDetector.Detect(neither))!;
        Assert.That(e.LineNumber, Is.EqualTo(1));
    }

    [Test]
    public void A_corpus_of_blank_lines_is_reported_as_empty_for_the_whole_file()
    {
        using var files = new TempFiles();
        var blank = files.Write("corpus.txt", "", "  ", "");

        var e = Assert.Throws<CorpusFormatException>(() => CorpusFormatDetector.Detect(blank))!;

        Assert.That(e.LineNumber, Is.EqualTo(0));
        Assert.That(e.Message, Is.EqualTo($"{blank}: the corpus file is empty (or holds only blank lines)"));
    }

    [Test]
    public void ExplicitFormatOverridesDetection()
    {
        using var files = new TempFiles();
        var path = files.Write("corpus.jsonl", "a\tx");

        var documents = new CorpusReader(path, CorpusFormat.Tsv).ReadDocuments().ToList();

        Assert.That(documents.Single().Id, Is.EqualTo("a"));
    }

    [TestCase("{\"_id\": \"a\", \"text\": \"x\"", "bad JSON")]
    [TestCase("""{"title": "t", "text": "x"}""", "missing \"_id\"")]
    [TestCase("""{"_id": "", "text": "x"}""", "empty \"_id\"")]
    [TestCase("""["a", "b"]""", "expected a JSON object")]
    [TestCase("""{"_id": "a", "text": 5}""", "\"text\" must be a string")]
    public void MalformedJsonlLineIsReportedWithItsLineNumber(string badLine, string problem)
    {
        using var files = new TempFiles();
        var path = files.Write("corpus.jsonl", """{"_id": "ok1", "text": "x"}""", "", badLine, """{"_id": "ok2", "text": "y"}""");

        var e = Assert.Throws<CorpusFormatException>(() => new CorpusReader(path).ReadDocuments().ToList())!;

        Assert.That(e.LineNumber, Is.EqualTo(3));
        Assert.That(e.Message, Does.StartWith(path + ":3: "));
        Assert.That(e.Problem, Does.Contain(problem));
    }

    [Test]
    public void DuplicateIdIsReportedWithItsLineNumber()
    {
        using var files = new TempFiles();
        var path = files.Write("corpus.jsonl", """{"_id": "a", "text": "x"}""", """{"_id": "b", "text": "y"}""", """{"_id": "a", "text": "z"}""");

        var e = Assert.Throws<CorpusFormatException>(() => new CorpusReader(path).ReadDocuments().ToList())!;

        Assert.That(e.LineNumber, Is.EqualTo(3));
        Assert.That(e.Problem, Does.Contain("duplicate id \"a\""));
    }

    [TestCase("only-an-id", 2)]
    [TestCase("a\tb\tc\td", 2)]
    public void TsvLineWithWrongColumnCountIsReported(string badLine, int expectedLine)
    {
        using var files = new TempFiles();
        var path = files.Write("corpus.tsv", "d1\ttext one", badLine);

        var e = Assert.Throws<CorpusFormatException>(() => new CorpusReader(path).ReadDocuments().ToList())!;

        Assert.That(e.LineNumber, Is.EqualTo(expectedLine));
        Assert.That(e.Problem, Does.Contain("columns"));
    }

    [Test]
    public void TsvLineWithAnotherColumnCountThanTheFirstIsReported()
    {
        using var files = new TempFiles();
        var path = files.Write("corpus.tsv", "d1\ttitle\ttext", "d2\tonly text");

        var e = Assert.Throws<CorpusFormatException>(() => new CorpusReader(path).ReadDocuments().ToList())!;

        Assert.That(e.LineNumber, Is.EqualTo(2));
        Assert.That(e.Problem, Does.Contain("expected 3"));
    }

    [Test]
    public void SkipBadModeSkipsAndCountsEveryKindOfBadLine()
    {
        using var files = new TempFiles();
        var path = files.Write("corpus.jsonl",
            """{"_id": "a", "text": "x"}""",
            "{not json",
            """{"text": "no id"}""",
            """{"_id": "a", "text": "duplicate"}""",
            """{"_id": "b", "text": "y"}""");

        var reader = new CorpusReader(path, skipBadLines: true);
        var ids = reader.ReadDocuments().Select(d => d.Id).ToList();

        Assert.That(ids, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(reader.SkippedLines, Is.EqualTo(3));
        Assert.That(reader.Problems.Select(p => p.LineNumber), Is.EqualTo(new long[] { 2, 3, 4 }));
    }

    [Test]
    public void MissingFileIsReportedByName()
    {
        var e = Assert.Throws<FileNotFoundException>(() => _ = new CorpusReader("/nonexistent/corpus.jsonl"))!;
        Assert.That(e.Message, Does.Contain("/nonexistent/corpus.jsonl"));
    }
}
