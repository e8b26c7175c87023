using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneRerank.LateInteraction;

namespace LuceneRerank.Toolkit.Indexing;

/// <summary>Reads <see cref="IndexStatistics"/> from an index directory.</summary>
/// <remarks>Distinct terms are counted by walking each field's term dictionary, so this is exact across segments.</remarks>
public static class IndexStatisticsReader
{
    /// <summary>Reads the statistics.</summary>
    /// <param name="indexPath">The index directory.</param>
    /// <exception cref="DirectoryNotFoundException">No index at <paramref name="indexPath"/>.</exception>
    /// <exception cref="IndexUnreadableException">The index is damaged or of an unsupported format.</exception>
    public static IndexStatistics Read(string indexPath)
    {
        var (directory, reader) = IndexOpener.OpenReader(indexPath);
        using var directoryScope = directory;
        using var readerScope = reader;
        try
        {
            return Read(indexPath, reader);
        }
        catch (Exception e) when (e is IOException and not IndexUnreadableException)
        {
            throw IndexUnreadableException.For(indexPath, e);
        }
    }

    private static IndexStatistics Read(string indexPath, DirectoryReader reader)
    {
        var fieldInfos = MultiFields.GetMergedFieldInfos(reader);
        var fields = MultiFields.GetFields(reader);
        var stats = new List<IndexFieldStatistics>();
        foreach (var info in fieldInfos.OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var terms = info.IsIndexed ? fields?.GetTerms(info.Name) : null;
            long unique = 0;
            if (terms is not null)
            {
                var termsEnum = terms.GetEnumerator();
                while (termsEnum.MoveNext())
                {
                    unique++;
                }
            }

            stats.Add(new IndexFieldStatistics(
                info.Name,
                info.IsIndexed,
                unique,
                terms?.DocCount ?? 0,
                terms?.SumTotalTermFreq ?? 0));
        }

        var commitData = reader.IndexCommit.UserData;
        return new IndexStatistics(
            Path.GetFullPath(indexPath),
            reader.NumDocs,
            reader.NumDeletedDocs,
            reader.Leaves.Count,
            stats,
            IndexDirectorySize.Of(indexPath),
            new Dictionary<string, string>(commitData))
        {
            Embeddings = ReadEmbeddings(reader),
        };
    }

    /// <summary>Counts the stored token embeddings (headers only are decoded); <c>null</c> when the index has none.</summary>
    private static IndexEmbeddingStatistics? ReadEmbeddings(DirectoryReader reader)
    {
        var metadata = StoredEmbeddingMetadata.FromCommitData(reader.IndexCommit.UserData);
        if (metadata is null)
        {
            return null;
        }

        long documents = 0, tokens = 0, bytes = 0;
        var value = new BytesRef();
        foreach (var leaf in reader.Leaves)
        {
            var values = leaf.AtomicReader.GetBinaryDocValues(metadata.Field);
            var live = leaf.AtomicReader.LiveDocs;
            for (var doc = 0; values is not null && doc < leaf.AtomicReader.MaxDoc; doc++)
            {
                if (live is not null && !live.Get(doc))
                {
                    continue;
                }

                values.Get(doc, value);
                if (value.Length == 0)
                {
                    continue;
                }

                documents++;
                bytes += value.Length;
                tokens += StoredEmbeddingCodec.ReadHeader(value.Bytes.AsSpan(value.Offset, value.Length)).Count;
            }
        }

        return new IndexEmbeddingStatistics(metadata, documents, tokens, bytes);
    }
}
