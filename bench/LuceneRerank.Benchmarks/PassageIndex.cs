using Lucene.Net.Analysis.Standard;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace LuceneRerank.Benchmarks;

/// <summary>An in-memory Lucene index of the benchmark's passages (stored field <c>text</c>) and first-pass hits over all of them.</summary>
internal sealed class PassageIndex : IDisposable
{
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;

    public PassageIndex(IReadOnlyList<string> passages)
    {
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new StandardAnalyzer(LuceneVersion.LUCENE_48))))
        {
            foreach (var passage in passages)
            {
                writer.AddDocument(new Document { new TextField("text", passage, Field.Store.YES) });
            }

            writer.Commit();
        }

        _reader = DirectoryReader.Open(_directory);
        Searcher = new IndexSearcher(_reader);
        // First-pass order = document order, with decreasing scores, as a BM25 top-k would arrive.
        var hits = Enumerable.Range(0, passages.Count).Select(i => new ScoreDoc(i, 100f - i * 0.5f)).ToArray();
        FirstPass = new TopDocs(passages.Count, hits, hits[0].Score);
    }

    public IndexSearcher Searcher { get; }

    public TopDocs FirstPass { get; }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}
