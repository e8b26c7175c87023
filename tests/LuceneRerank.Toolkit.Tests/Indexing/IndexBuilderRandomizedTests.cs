using LuceneRerank.Toolkit.Corpora;
using LuceneRerank.Toolkit.Indexing;
using LuceneRerank.Toolkit.Search;
using LuceneRerank.Toolkit.Tests.Corpora;
using LuceneRerank.Testing;

namespace LuceneRerank.Toolkit.Tests.Indexing;

/// <summary>
/// Random corpora (see <see cref="RandomCorpus"/>) through <see cref="IndexBuilder"/> with skip-bad: the index holds
/// exactly the documents the rules accept, stored as read (ids past Lucene's term limit are skipped per line, never
/// thrown); a corpus with none is refused. Failures name the seed.
/// </summary>
public sealed class IndexBuilderRandomizedTests
{
    [Test]
    public void IndexHoldsExactlyTheAcceptedDocuments()
    {
        foreach (var seed in RandomCorpusSeeds.All())
        {
            var expected = RandomCorpus.Generate(seed);
            using var files = new TempFiles();
            var corpus = files.PathOf("corpus" + expected.Extension);
            File.WriteAllBytes(corpus, expected.Bytes);
            var index = files.PathOf("index");
            var options = new IndexBuildOptions { SkipBadLines = true, Format = expected.Format };

            if (expected.Documents.Count == 0)
            {
                Assert.Throws<CorpusFormatException>(() => IndexBuilder.Build(corpus, index, options), expected.ToString());
                Assert.That(Directory.Exists(index), Is.False, expected.ToString());
                continue;
            }

            var result = IndexBuilder.Build(corpus, index, options);
            using var searcher = new Bm25Searcher(index);
            var stored = Enumerable.Range(0, searcher.Reader.MaxDoc).Select(searcher.GetDocument).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(stored, Is.EqualTo(expected.Documents), expected.ToString());
                Assert.That(result.Documents, Is.EqualTo(expected.Documents.Count), expected.ToString());
                Assert.That(result.SkippedLines, Is.EqualTo(expected.BadLines.Count), expected.ToString());
                Assert.That(result.EmptyDocuments, Is.EqualTo(expected.EmptyDocuments), expected.ToString());
                Assert.That(result.ReplacedBytes, Is.EqualTo(expected.ReplacedBytes), expected.ToString());
                Assert.That(Enumerable.Range(0, searcher.Reader.MaxDoc).Select(searcher.GetDocumentId),
                    Is.EqualTo(expected.Documents.Select(d => d.Id)), "ids kept as doc values: " + expected);
            });
        }
    }
}
