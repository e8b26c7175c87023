using Lucene.Net.Analysis.Standard;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>A small in-memory Lucene index whose documents are given as (field, value) pairs; doc ids follow the order given.</summary>
internal sealed class TestIndex : IDisposable
{
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;

    public TestIndex(params (string Field, string Value)[][] documents)
    {
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new StandardAnalyzer(LuceneVersion.LUCENE_48))))
        {
            foreach (var fields in documents)
            {
                var document = new Document();
                foreach (var (field, value) in fields)
                {
                    document.Add(new TextField(field, value, Field.Store.YES));
                }

                writer.AddDocument(document);
            }

            writer.Commit();
        }

        _reader = DirectoryReader.Open(_directory);
        Searcher = new IndexSearcher(_reader);
    }

    public IndexSearcher Searcher { get; }

    /// <summary>An index of documents with only a <c>text</c> field.</summary>
    public static TestIndex WithTexts(params string[] texts) =>
        new(texts.Select(t => new[] { ("text", t) }).ToArray());

    /// <summary>First-pass hits with the given (doc, score) pairs in the given order.</summary>
    public static TopDocs FirstPass(int totalHits, params (int Doc, float Score)[] hits)
    {
        var scoreDocs = hits.Select(h => new ScoreDoc(h.Doc, h.Score)).ToArray();
        return new TopDocs(totalHits, scoreDocs, hits.Length == 0 ? float.NaN : hits.Max(h => h.Score));
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}
