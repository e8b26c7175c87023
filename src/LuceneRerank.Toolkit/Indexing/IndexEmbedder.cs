using System.Diagnostics;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;
using LuceneRerank.Toolkit.CommandLine;
using LuceneRerank.Toolkit.Corpora;
using LuceneRerank.Toolkit.Search;

namespace LuceneRerank.Toolkit.Indexing;

/// <summary>
/// Adds ColBERT token embeddings to an existing index built by <see cref="IndexBuilder"/> (<c>lrr-index embed</c>).
/// </summary>
/// <remarks>
/// Lucene.NET 4.8 cannot add a new binary doc-values field to documents already in an index (doc-values updates only
/// change fields that exist), so the index is <b>rewritten</b>: every live document's stored id, title and text are
/// read in doc-id order and indexed again exactly as <see cref="IndexBuilder"/> does (same analyzer, fields and
/// similarity), now with its embeddings, into a temporary folder beside the target; after a successful commit the
/// new index replaces the old one with the build's swap (old aside, new in; <see cref="IndexSwapRecovery"/> repairs a
/// swap cut short). The build lock is held throughout, the commit data is kept (plus the embedding metadata), and a
/// failure or cancellation leaves the old index untouched. Embeddings already in the index are replaced (re-embedding
/// with another model or encoding). Deleted documents are not carried over, so doc ids are compacted.
/// </remarks>
public static class IndexEmbedder
{
    /// <summary>Rewrites the index at <paramref name="indexPath"/> with every document's token embeddings.</summary>
    /// <param name="indexPath">An index built by <see cref="IndexBuilder"/>.</param>
    /// <param name="options">The model and encoding.</param>
    /// <param name="progress">Receives progress (stage <see cref="IndexBuildStage.Embedding"/>; byte counts are documents).</param>
    /// <param name="cancellationToken">Stops the rewrite; the old index stays.</param>
    /// <returns>What was built: the documents, size, time and the embeddings' summary.</returns>
    /// <exception cref="DirectoryNotFoundException">No index at <paramref name="indexPath"/>.</exception>
    /// <exception cref="IndexUnreadableException">The index is damaged.</exception>
    /// <exception cref="InvalidDataException">A document lacks the stored id (the index was not built by lrr-index).</exception>
    /// <exception cref="IndexBuildLockedException">A build into the same target is running.</exception>
    /// <exception cref="CommandInterruptedException">Cancelled; the old index is unchanged.</exception>
    public static IndexBuildResult Embed(
        string indexPath,
        EmbeddingBuildOptions options,
        IProgress<IndexBuildProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fileSystem = PhysicalIndexFileSystem.Instance;
        var target = IndexBuilder.ResolveTarget(indexPath);
        using var buildLock = IndexBuilder.AcquireLock(fileSystem, target);
        var notes = IndexSwapRecovery.Recover(target);
        using var embedder = new DocumentEmbedder(options);
        var clock = Stopwatch.StartNew();
        var temp = IndexSwapRecovery.NewBuildingPath(target);
        Lucene.Net.Store.Directory? directory = null;
        IndexWriter? writer = null;
        long documents = 0;
        try
        {
            var (sourceDirectory, reader) = IndexOpener.OpenReader(target);
            using (sourceDirectory)
            using (reader)
            {
                fileSystem.CreateDirectory(temp);
                directory = fileSystem.OpenIndexDirectory(temp);
                using var analyzer = EnglishAnalyzerFactory.Create();
                writer = new IndexWriter(directory, new IndexWriterConfig(EnglishAnalyzerFactory.Version, analyzer)
                {
                    OpenMode = OpenMode.CREATE,
                    Similarity = new BM25Similarity(Bm25Parameters.Default.K1, Bm25Parameters.Default.B),
                });
                var live = MultiFields.GetLiveDocs(reader);
                var fields = new HashSet<string> { IndexFieldNames.Id, IndexFieldNames.Title, IndexFieldNames.Text };
                var pending = new List<(CorpusDocument Source, Document Lucene)>();
                var lastReport = TimeSpan.Zero;
                for (var doc = 0; doc < reader.MaxDoc; doc++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (live is not null && !live.Get(doc))
                    {
                        continue;
                    }

                    var stored = reader.Document(doc, fields);
                    var id = stored.Get(IndexFieldNames.Id) ?? throw new InvalidDataException(
                        $"document {doc} of {target} has no stored '{IndexFieldNames.Id}' field; 'lrr-index embed' rewrites indexes built by 'lrr-index build'");
                    var source = new CorpusDocument(id, stored.Get(IndexFieldNames.Title) ?? "", stored.Get(IndexFieldNames.Text) ?? "");
                    pending.Add((source, IndexBuilder.ToLuceneDocument(source)));
                    if (pending.Count >= embedder.BatchSize || doc == reader.MaxDoc - 1)
                    {
                        documents += Flush(writer, embedder, pending, cancellationToken);
                    }

                    if (progress is not null && clock.Elapsed - lastReport >= TimeSpan.FromMilliseconds(250))
                    {
                        lastReport = clock.Elapsed;
                        progress.Report(new IndexBuildProgress(documents, 0, doc, reader.MaxDoc, clock.Elapsed, IndexBuildStage.Embedding));
                    }
                }

                documents += Flush(writer, embedder, pending, cancellationToken);
                progress?.Report(new IndexBuildProgress(documents, 0, reader.MaxDoc, reader.MaxDoc, clock.Elapsed, IndexBuildStage.Committing));
                var commitData = new Dictionary<string, string>(reader.IndexCommit.UserData);
                foreach (var key in commitData.Keys.Where(k => k.StartsWith("lrr.colbert.", StringComparison.Ordinal)).ToList())
                {
                    commitData.Remove(key);
                }

                foreach (var (key, value) in embedder.Metadata.ToCommitData())
                {
                    commitData[key] = value;
                }

                commitData["lrr.embedded"] = DateTimeOffset.UtcNow.ToString("O");
                writer.SetCommitData(commitData);
                writer.Commit();
                writer.Dispose();
                writer = null;
            }

            directory.Dispose();
            directory = null;
            cancellationToken.ThrowIfCancellationRequested();
            IndexBuilder.MoveIntoPlace(fileSystem, temp, target, IndexBuilder.TargetState.Index);
        }
        catch (Exception e)
        {
            IndexBuilder.Abandon(fileSystem, writer, directory, temp);
            throw e switch
            {
                OperationCanceledException cancelled => new CommandInterruptedException(
                    $"embedding was stopped; its unfinished folder {temp} was deleted and the index at {target} is unchanged", cancelled),
                IOException io when io is not IndexUnreadableException and not DirectoryNotFoundException => new IOException(
                    $"{io.Message} (while embedding {target}; the unfinished rewrite was deleted and the index is unchanged)", io) { HResult = io.HResult },
                _ => e,
            };
        }

        clock.Stop();
        progress?.Report(new IndexBuildProgress(documents, 0, documents, documents, clock.Elapsed, IndexBuildStage.Completed));
        return new IndexBuildResult(target, CorpusFormat.Auto, documents, 0, [], IndexDirectorySize.Of(target), clock.Elapsed, ReplacedExisting: true)
        {
            Notes = notes,
            Embeddings = embedder.Summary(),
        };
    }

    private static int Flush(IndexWriter writer, DocumentEmbedder embedder, List<(CorpusDocument Source, Document Lucene)> pending, CancellationToken cancellationToken)
    {
        embedder.Add(pending, cancellationToken);
        foreach (var (_, document) in pending)
        {
            writer.AddDocument(document);
        }

        var added = pending.Count;
        pending.Clear();
        return added;
    }
}
