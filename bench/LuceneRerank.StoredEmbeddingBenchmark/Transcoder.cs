using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneRerank.LateInteraction;
using LuceneRerank.Toolkit.Indexing;

namespace LuceneRerank.StoredEmbeddingBenchmark;

/// <summary>
/// Copies an index built with float32 embeddings into one with another encoding (the same documents, fields and
/// analyzer as <see cref="IndexBuilder"/>), re-encoding the stored vectors: what a build with that encoding would
/// store, without encoding the corpus again.
/// </summary>
internal static class Transcoder
{
    public static void Copy(string source, string target, EmbeddingEncoding encoding)
    {
        if (System.IO.Directory.Exists(target))
        {
            System.IO.Directory.Delete(target, recursive: true);
        }

        using var sourceDirectory = FSDirectory.Open(source);
        using var reader = DirectoryReader.Open(sourceDirectory);
        var metadata = StoredEmbeddingMetadata.FromCommitData(reader.IndexCommit.UserData)!;
        using var targetDirectory = FSDirectory.Open(target);
        using var analyzer = EnglishAnalyzerFactory.Create();
        using var writer = new IndexWriter(targetDirectory, new IndexWriterConfig(EnglishAnalyzerFactory.Version, analyzer)
        {
            OpenMode = OpenMode.CREATE,
            MergePolicy = new LogByteSizeMergePolicy(), // merges adjacent segments only: doc ids stay in the source's order
        });
        var values = MultiDocValues.GetBinaryValues(reader, metadata.Field);
        var bytes = new BytesRef();
        var floats = new float[1 << 20];
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            var stored = reader.Document(doc);
            var id = stored.Get(IndexFieldNames.Id);
            var title = stored.Get(IndexFieldNames.Title);
            var text = stored.Get(IndexFieldNames.Text);
            values.Get(doc, bytes);
            var header = StoredEmbeddingCodec.Decode(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length), floats);
            writer.AddDocument(new Document
            {
                new StringField(IndexFieldNames.Id, id, Field.Store.YES),
                new BinaryDocValuesField(IndexFieldNames.Id, new BytesRef(id)),
                new TextField(IndexFieldNames.Title, title, Field.Store.YES),
                new TextField(IndexFieldNames.Text, text, Field.Store.YES),
                new TextField(IndexFieldNames.Contents, title + " " + text, Field.Store.NO),
                new BinaryDocValuesField(metadata.Field,
                    new BytesRef(StoredEmbeddingCodec.Encode(floats.AsSpan(0, header.Length), header.Count, header.Dimension, encoding))),
            });
        }

        var commitData = new Dictionary<string, string>(reader.IndexCommit.UserData);
        foreach (var (key, value) in (metadata with { Encoding = encoding }).ToCommitData())
        {
            commitData[key] = value;
        }

        writer.SetCommitData(commitData);
        writer.ForceMerge(1);
        writer.Commit();
    }
}
