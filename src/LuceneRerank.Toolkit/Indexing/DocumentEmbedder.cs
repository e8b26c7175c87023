using System.Diagnostics;
using Lucene.Net.Documents;
using Lucene.Net.Util;
using LuceneRerank.LateInteraction;
using LuceneRerank.Toolkit.Corpora;

namespace LuceneRerank.Toolkit.Indexing;

/// <summary>Encodes batches of documents with a ColBERT model and adds their stored token embeddings to the Lucene documents.</summary>
internal sealed class DocumentEmbedder : IDisposable
{
    private readonly ColBertEncoder _encoder;
    private readonly EmbeddingBuildOptions _options;
    private long _documents;
    private long _tokens;
    private long _bytes;
    private long _encodingTicks;

    public DocumentEmbedder(EmbeddingBuildOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options.BatchSize));
        _options = options;
        _encoder = ColBertEncoder.Load(options.ModelDirectory, options.Encoder);
        Metadata = StoredEmbeddingMetadata.For(_encoder, options.Encoding, options.Field);
    }

    public StoredEmbeddingMetadata Metadata { get; }

    public int BatchSize => _options.BatchSize;

    /// <summary>The passage text a document is encoded from: what the search pipeline reranks.</summary>
    public static string Passage(CorpusDocument document) => document.Title + " " + document.Text;

    /// <summary>Encodes the batch and adds one binary doc-values field to each Lucene document.</summary>
    public void Add(IReadOnlyList<(CorpusDocument Source, Document Lucene)> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var embeddings = _encoder.EncodeDocuments(batch.Select(b => Passage(b.Source)).ToArray(), cancellationToken);
        _encodingTicks += Stopwatch.GetTimestamp() - started;
        for (var i = 0; i < batch.Count; i++)
        {
            var e = embeddings[i];
            var value = StoredEmbeddingCodec.Encode(e.Values.Span, e.Count, e.Dimension, _options.Encoding);
            batch[i].Lucene.Add(new BinaryDocValuesField(_options.Field, new BytesRef(value)));
            _documents++;
            _tokens += e.Count;
            _bytes += value.Length;
        }
    }

    public EmbeddingBuildSummary Summary() =>
        new(Metadata, _documents, _tokens, _bytes, Stopwatch.GetElapsedTime(0, _encodingTicks));

    public void Dispose() => _encoder.Dispose();
}
