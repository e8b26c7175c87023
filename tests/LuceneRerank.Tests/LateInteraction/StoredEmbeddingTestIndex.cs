using Lucene.Net.Analysis.Standard;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneRerank.LateInteraction;

namespace LuceneRerank.Tests.LateInteraction;

/// <summary>
/// An in-memory index of <c>text</c> documents carrying their token embeddings (from an encoder, stored with one
/// encoding) in <see cref="StoredEmbeddingMetadata.DefaultField"/>, with the metadata in the commit data.
/// </summary>
internal sealed class StoredEmbeddingTestIndex : IDisposable
{
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;

    /// <param name="encoder">Encodes the documents.</param>
    /// <param name="texts">One document each, doc ids in this order.</param>
    /// <param name="encoding">The storage encoding.</param>
    /// <param name="withEmbeddings">Which documents get embeddings (null: all).</param>
    /// <param name="metadata">The metadata to commit (null: that of <paramref name="encoder"/>); <c>false</c> via <paramref name="writeMetadata"/> to leave it out.</param>
    /// <param name="writeMetadata">Whether to write any metadata.</param>
    public StoredEmbeddingTestIndex(
        ColBertEncoder encoder, IReadOnlyList<string> texts, EmbeddingEncoding encoding, Func<int, bool>? withEmbeddings = null,
        StoredEmbeddingMetadata? metadata = null, bool writeMetadata = true)
    {
        Embeddings = encoder.EncodeDocuments(texts);
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new StandardAnalyzer(LuceneVersion.LUCENE_48))))
        {
            for (var i = 0; i < texts.Count; i++)
            {
                var document = new Document { new TextField("text", texts[i], Field.Store.YES) };
                if (withEmbeddings?.Invoke(i) ?? true)
                {
                    var embeddings = Embeddings[i];
                    document.Add(new BinaryDocValuesField(StoredEmbeddingMetadata.DefaultField,
                        new BytesRef(StoredEmbeddingCodec.Encode(embeddings.Values.Span, embeddings.Count, embeddings.Dimension, encoding))));
                }

                writer.AddDocument(document);
                if (i == texts.Count / 2)
                {
                    writer.Commit(); // two segments: leaf lookup is exercised
                }
            }

            if (writeMetadata)
            {
                writer.SetCommitData(new Dictionary<string, string>((metadata ?? StoredEmbeddingMetadata.For(encoder, encoding)).ToCommitData()));
            }

            writer.Commit();
        }

        _reader = DirectoryReader.Open(_directory);
        Searcher = new IndexSearcher(_reader);
    }

    /// <summary>The float32 embeddings the encoder produced for each document (before storage).</summary>
    public IReadOnlyList<TokenEmbeddings> Embeddings { get; }

    public IndexSearcher Searcher { get; }

    public IndexReader Reader => _reader;

    /// <summary>All documents as first-pass hits, doc 0 first, with descending scores.</summary>
    public TopDocs AllHits() =>
        new(Embeddings.Count, Enumerable.Range(0, Embeddings.Count).Select(i => new ScoreDoc(i, 100f - i)).ToArray(), 100f);

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}
