using LuceneRerank.Toolkit.Trec;
using LuceneRerank.Testing;

namespace LuceneRerank.Toolkit.Tests.Trec;

public sealed class TrecFilesTests
{
    [Test]
    public void RunFileRoundTripKeepsEveryField()
    {
        using var files = new TempFiles();
        var run = new TrecRun();
        run.Add(new TrecRunEntry("q1", "d1", 1, 15.780599594116211, "bm25"));
        run.Add(new TrecRunEntry("q1", "d2", 2, 1.0 / 3.0, "bm25"));
        run.Add(new TrecRunEntry("q2", "d9", 1, -0.5, "bm25"));
        run.Add(new TrecRunEntry("q1", "d3", 3, 1e-20, "bm25"));
        var path = files.PathOf("run.txt");

        TrecRunWriter.Write(path, run);
        var back = TrecRunReader.Read(path);

        Assert.That(back.QueryIds, Is.EqualTo(new[] { "q1", "q2" }));
        Assert.That(back["q1"], Is.EqualTo(run["q1"]));
        Assert.That(back["q2"], Is.EqualTo(run["q2"]));
        Assert.That(File.ReadLines(path).First(), Is.EqualTo("q1 Q0 d1 1 15.780599594116211 bm25"));
    }

    [Test]
    public void FloatScoresAreWrittenExactly()
    {
        var score = 12.3456789f;
        var line = TrecRunWriter.Format(new TrecRunEntry("q", "d", 1, score, "t"));
        var written = double.Parse(line.Split(' ')[4], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That((float)written, Is.EqualTo(score));
        Assert.That(written, Is.EqualTo((double)score));
    }

    [Test]
    public void WriterRejectsIdsWithWhitespace()
    {
        Assert.Throws<ArgumentException>(() => TrecRunWriter.Format(new TrecRunEntry("q 1", "d", 1, 1, "t")));
        Assert.Throws<ArgumentException>(() => TrecRunWriter.Format(new TrecRunEntry("q", "", 1, 1, "t")));
    }

    [TestCase("q1 Q0 d1 1 2.5", "expected 6 columns")]
    [TestCase("q1 Q0 d1 one 2.5 tag", "rank \"one\" is not an integer")]
    [TestCase("q1 Q0 d1 1 high tag", "score \"high\" is not a number")]
    [TestCase("q1 Q0 d0 2 1.0 tag", "appears twice")]
    public void BadRunLineIsReportedWithItsLineNumber(string badLine, string problem)
    {
        using var files = new TempFiles();
        var path = files.Write("run.txt", "q1 Q0 d0 1 3.0 tag", "", badLine);

        var e = Assert.Throws<TrecFormatException>(() => TrecRunReader.Read(path))!;

        Assert.That(e.LineNumber, Is.EqualTo(3));
        Assert.That(e.Message, Does.Contain(path + ":3:").And.Contain(problem));
    }

    [Test]
    public void ReadsTrecQrels()
    {
        using var files = new TempFiles();
        var path = files.Write("qrels.txt", "19335 0 d1 3", "19335 Q0 d2 0", "47923 0 d1 1");

        var qrels = QrelsReader.Read(path);

        Assert.That(qrels.QueryIds, Is.EqualTo(new[] { "19335", "47923" }));
        Assert.That(qrels["19335"]["d1"], Is.EqualTo(3));
        Assert.That(qrels["19335"]["d2"], Is.EqualTo(0));
        Assert.That(qrels.Count, Is.EqualTo(3));
    }

    [Test]
    public void ReadsBeirQrelsWithHeader()
    {
        using var files = new TempFiles();
        var path = files.Write("test.tsv", "query-id\tcorpus-id\tscore", "1\t31715818\t1", "3\t14717500\t2");

        var qrels = QrelsReader.Read(path);

        Assert.That(qrels.QueryIds, Is.EqualTo(new[] { "1", "3" }));
        Assert.That(qrels["3"]["14717500"], Is.EqualTo(2));
    }

    [TestCase("q1 0 d1", "expected 4 columns")]
    [TestCase("q1 0 d1 high", "grade \"high\" is not an integer")]
    [TestCase("q1 0 d0 2", "judged twice")]
    public void BadQrelsLineIsReportedWithItsLineNumber(string badLine, string problem)
    {
        using var files = new TempFiles();
        var path = files.Write("qrels.txt", "q1 0 d0 1", badLine);

        var e = Assert.Throws<TrecFormatException>(() => QrelsReader.Read(path))!;

        Assert.That(e.LineNumber, Is.EqualTo(2));
        Assert.That(e.Problem, Does.Contain(problem));
    }

    [Test]
    public void ReadsBeirQueriesJsonlAndTopicsTsv()
    {
        using var files = new TempFiles();
        var jsonl = files.Write("queries.jsonl", """{"_id": "0", "text": "a (b) \"c\"", "metadata": {}}""", """{"_id": 5, "text": "x"}""");
        var tsv = files.Write("topics.txt", "156493\tdo goldfish grow", "1110199\twhat is\twifi");

        Assert.That(QueriesReader.Read(jsonl), Is.EqualTo(new[] { new QueryTopic("0", "a (b) \"c\""), new QueryTopic("5", "x") }));
        Assert.That(QueriesReader.Read(tsv), Is.EqualTo(new[] { new QueryTopic("156493", "do goldfish grow"), new QueryTopic("1110199", "what is\twifi") }));
    }

    [TestCase("""{"_id": "1"}""", "missing \"text\"")]
    [TestCase("""{"text": "t"}""", "missing \"_id\"")]
    [TestCase("""{"_id": "0", "text": "again"}""", "duplicate query id")]
    [TestCase("{oops", "bad JSON")]
    [TestCase("""{"_id": "q 1", "text": "t"}""", "query id \"q 1\" contains whitespace")]
    [TestCase("""{"_id": "q\u00a01", "text": "t"}""", "contains whitespace (U+00A0")]
    [TestCase("""{"_id": "", "text": "t"}""", "empty query id")]
    [TestCase("""{"_id": "\ud800", "text": "t"}""", "lone surrogate")]
    public void BadQueryLineIsReportedWithItsLineNumber(string badLine, string problem)
    {
        using var files = new TempFiles();
        var path = files.Write("queries.jsonl", """{"_id": "0", "text": "t"}""", badLine);

        var e = Assert.Throws<TrecFormatException>(() => QueriesReader.Read(path))!;

        Assert.That(e.LineNumber, Is.EqualTo(2));
        Assert.That(e.Problem, Does.Contain(problem));
    }

    [TestCase("queries.jsonl")]
    [TestCase("topics.tsv")]
    public void AnEmptyQueriesFileIsAnError(string name)
    {
        using var files = new TempFiles();
        var path = files.Write(name, "", " ");

        var e = Assert.Throws<TrecFormatException>(() => QueriesReader.Read(path))!;

        Assert.That(e.Message, Is.EqualTo($"{path}: no queries (the file is empty or holds only blank lines)"));
    }

    [TestCase(new string[0], "no judgements (the file is empty or holds only blank lines); every metric would be 0")]
    [TestCase(new[] { "", "query-id\tcorpus-id\tscore", "" }, "no judgements (only a header line); every metric would be 0")]
    public void EmptyOrHeaderOnlyQrelsAreAnError(string[] lines, string problem)
    {
        using var files = new TempFiles();
        var path = files.Write("qrels.tsv", lines);

        var e = Assert.Throws<TrecFormatException>(() => QrelsReader.Read(path))!;

        Assert.That(e.Message, Is.EqualTo($"{path}: {problem}"));
    }
}
