using LuceneRerank.Testing;
using LuceneRerank.Toolkit.Indexing;

namespace LuceneRerank.SearchConsole.Tests.Commands;

/// <summary>
/// End to end on the real SciFact data (when ../shared is present): build the index, run the 300 test queries, and
/// compare with Pyserini's published BM25 figures (flat nDCG@10 0.6789, Recall@100 0.9253; multifield nDCG@10 0.6647).
/// Lucene.NET 4.8's BM25 differs slightly from Lucene 9's (lossy norms, idf over maxDoc), hence the 0.01 tolerance.
/// </summary>
public sealed class SciFactReproductionTests
{
    private string _root = null!;
    private string _index = null!;
    private string _data = null!;

    [OneTimeSetUp]
    public void BuildIndex()
    {
        _data = TestPaths.SharedFile("data", "scifact");
        _root = TestPaths.NewTempDirectory();
        _index = Path.Combine(_root, "index");
        IndexBuilder.Build(Path.Combine(_data, "corpus.jsonl"), _index);
    }

    [OneTimeTearDown]
    public void Cleanup()
    {
        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private ConsoleRun Search(string fields) => ConsoleRun.Run(
        "--index", _index, "--queries", Path.Combine(_data, "queries.jsonl"), "--qrels", Path.Combine(_data, "qrels", "test.tsv"),
        "--fields", fields, "--hits", "1000", "--run-out", Path.Combine(_root, fields + ".txt"));

    [Test]
    public void FlatBm25ReproducesPyserini()
    {
        var result = Search("contents");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.Output, Does.Contain("queries     300"));
        Assert.That(result.Metric("ndcg@10"), Is.EqualTo(0.6789).Within(0.01));
        Assert.That(result.Metric("recall@100"), Is.EqualTo(0.9253).Within(0.01));
    }

    [Test]
    public void MultifieldBm25ReproducesPyserini()
    {
        var result = Search("multifield");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.Metric("ndcg@10"), Is.EqualTo(0.6647).Within(0.01));
    }
}
