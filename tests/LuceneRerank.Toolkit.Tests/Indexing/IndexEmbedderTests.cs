using Lucene.Net.Util;
using LuceneRerank.LateInteraction;
using LuceneRerank.Testing;
using LuceneRerank.Tests.TestSupport;
using LuceneRerank.Toolkit.Indexing;
using LuceneRerank.Toolkit.Search;

namespace LuceneRerank.Toolkit.Tests.Indexing;

/// <summary>Token embeddings stored at build time (<see cref="IndexBuildOptions.Embeddings"/>) and added to an existing index (<see cref="IndexEmbedder"/>).</summary>
public sealed class IndexEmbedderTests
{
    private static readonly string[] s_corpus =
    [
        """{"_id": "d1", "title": "Mitochondria", "text": "Mitochondria produce ATP by oxidative phosphorylation in cells."}""",
        """{"_id": "d2", "title": "", "text": "The heart pumps blood through the body."}""",
        """{"_id": "d3", "title": "Replication", "text": "DNA replication happens in the S phase of the cell cycle."}""",
        """{"_id": "d4", "title": "Neurons", "text": "Neurons transmit signals across synapses; cells talk."}""",
        """{"_id": "d5", "title": "Empty", "text": ""}""",
    ];

    [Test]
    public void BuildStoresEachDocumentsExactEmbeddingsAndTheMetadata()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        var model = GeneratedColBertModels.PyLateLayout;

        var result = IndexBuilder.Build(files.Write("c.jsonl", s_corpus), index,
            new IndexBuildOptions { Embeddings = new EmbeddingBuildOptions(model) { Encoding = EmbeddingEncoding.Float32, BatchSize = 2 } });

        using var encoder = ColBertEncoder.Load(model);
        using var searcher = new Bm25Searcher(index);
        var expected = encoder.EncodeDocuments(Enumerable.Range(0, 5).Select(d => Passage(searcher, d)).ToArray());
        for (var doc = 0; doc < 5; doc++)
        {
            var stored = Stored(searcher, doc);
            Assert.That(stored.Header.Count, Is.EqualTo(expected[doc].Count), $"doc {doc}");
            Assert.That(stored.Values, Is.EqualTo(expected[doc].Values.ToArray()), $"doc {doc}");
        }

        var tokens = expected.Sum(e => (long)e.Count);
        Assert.That(result.Embeddings!.Tokens, Is.EqualTo(tokens));
        Assert.That(result.Embeddings.Documents, Is.EqualTo(5));
        var stats = IndexStatisticsReader.Read(index);
        Assert.That(stats.Embeddings!.Tokens, Is.EqualTo(tokens));
        Assert.That(stats.Embeddings.BytesPerToken, Is.EqualTo((5 * 16.0 + tokens * 4 * encoder.Dimension) / tokens).Within(1e-9));
        Assert.That(stats.Embeddings.Metadata, Is.EqualTo(StoredEmbeddingMetadata.For(encoder, EmbeddingEncoding.Float32)));
        using var reranker = new StoredEmbeddingReranker(encoder);
        Assert.That(reranker.EnsureCompatible(searcher.Reader), Is.Not.Null);
    }

    [Test]
    public void EmbeddingAnExistingIndexKeepsItsDocumentsAndSearchResults()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("c.jsonl", s_corpus), index);
        var queries = new[] { "cells", "heart blood", "DNA replication cycle", "synapses signals" };
        var before = Search(index, queries);
        var corpusBefore = IndexStatisticsReader.Read(index).CommitData["lrr.corpus"];

        var result = IndexEmbedder.Embed(index, new EmbeddingBuildOptions(GeneratedColBertModels.PyLateLayout) { Encoding = EmbeddingEncoding.Int8 });

        Assert.That(result.Documents, Is.EqualTo(5));
        Assert.That(Search(index, queries), Is.EqualTo(before));
        var stats = IndexStatisticsReader.Read(index);
        Assert.That(stats.Documents, Is.EqualTo(5));
        Assert.That(stats.CommitData["lrr.corpus"], Is.EqualTo(corpusBefore));
        Assert.That(stats.Embeddings!.Documents, Is.EqualTo(5));
        Assert.That(stats.Embeddings.Metadata.Encoding, Is.EqualTo(EmbeddingEncoding.Int8));
        using var searcher = new Bm25Searcher(index);
        Assert.That(Stored(searcher, 0).Header.Encoding, Is.EqualTo(EmbeddingEncoding.Int8));
        Assert.That(Directory.GetDirectories(Path.GetDirectoryName(index)!, ".index.*"), Is.Empty, "no temporary or replaced folder is left");
    }

    [Test]
    public void ReEmbeddingWithAnotherModelReplacesTheMetadata()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("c.jsonl", s_corpus), index,
            new IndexBuildOptions { Embeddings = new EmbeddingBuildOptions(GeneratedColBertModels.ColBertV2Layout) });

        IndexEmbedder.Embed(index, new EmbeddingBuildOptions(GeneratedColBertModels.PyLateLayout));

        using var encoder = ColBertEncoder.Load(GeneratedColBertModels.PyLateLayout);
        Assert.That(IndexStatisticsReader.Read(index).Embeddings!.Metadata.ModelId, Is.EqualTo(StoredEmbeddingMetadata.For(encoder, EmbeddingEncoding.Float16).ModelId));
    }

    [Test]
    public void EmbeddingAMissingIndexFailsAndCreatesNothing()
    {
        using var files = new TempFiles();
        var index = files.PathOf("absent");
        Assert.That(() => IndexEmbedder.Embed(index, new EmbeddingBuildOptions(GeneratedColBertModels.PyLateLayout)),
            Throws.InstanceOf<DirectoryNotFoundException>().With.Message.Contains(index));
        Assert.That(Directory.Exists(index), Is.False);
        Assert.That(Directory.GetDirectories(Path.GetDirectoryName(index)!, ".absent.building-*"), Is.Empty);
    }

    [Test]
    public void AMissingModelFailsBeforeAnythingIsWritten()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("c.jsonl", s_corpus), index);
        Assert.That(() => IndexEmbedder.Embed(index, new EmbeddingBuildOptions(files.PathOf("no-model"))), Throws.InstanceOf<DirectoryNotFoundException>());
        Assert.That(IndexStatisticsReader.Read(index).Embeddings, Is.Null);
    }

    private static string Passage(Bm25Searcher searcher, int doc)
    {
        var document = searcher.GetDocument(doc);
        return document.Title + " " + document.Text;
    }

    private static (StoredEmbeddingHeader Header, float[] Values) Stored(Bm25Searcher searcher, int doc)
    {
        var leaves = searcher.Reader.Leaves;
        var leaf = leaves[Lucene.Net.Index.ReaderUtil.SubIndex(doc, leaves)];
        var bytes = new BytesRef();
        leaf.AtomicReader.GetBinaryDocValues(StoredEmbeddingMetadata.DefaultField).Get(doc - leaf.DocBase, bytes);
        var span = bytes.Bytes.AsSpan(bytes.Offset, bytes.Length);
        var header = StoredEmbeddingCodec.ReadHeader(span);
        var values = new float[header.Length];
        StoredEmbeddingCodec.Decode(span, values);
        return (header, values);
    }

    private static List<string> Search(string index, string[] queries)
    {
        using var searcher = new Bm25Searcher(index);
        return queries.SelectMany(q => searcher.Search(q, 10).ScoreDocs.Select(d => $"{q}: {searcher.GetDocumentId(d.Doc)} {d.Score:R}")).ToList();
    }
}
