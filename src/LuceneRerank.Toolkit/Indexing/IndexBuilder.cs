using System.Diagnostics;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneRerank.Toolkit.Corpora;
using LuceneRerank.Toolkit.Search;

namespace LuceneRerank.Toolkit.Indexing;

/// <summary>
/// Builds a Lucene.NET index from a corpus file. Each document stores <c>id</c>, <c>title</c> and <c>text</c>, and
/// keeps the id as doc values too (fast id lookup), and indexes <c>contents</c> (<c>title + " " + text</c>) plus <c>title</c> and <c>text</c> separately, all analysed by
/// <see cref="EnglishAnalyzerFactory"/>.
/// </summary>
/// <remarks>
/// Safety: the index is built in a temporary directory beside the target and moved into place only after a
/// successful commit. If reading, indexing or committing fails (a malformed line, cancellation, a full disk), the
/// temporary directory is deleted and whatever was at the target is left untouched. An existing index is replaced
/// only with <see cref="IndexBuildOptions.Force"/>; a non-empty directory that is not a Lucene index is never replaced.
/// Replacing takes two renames (old index aside, new one in); a process killed between them leaves the old index in a
/// hidden <c>.NAME.replaced-*</c> folder beside the target, and the next build moves it back before anything else
/// (see <see cref="IndexBuildResult.Notes"/>).
/// </remarks>
public static class IndexBuilder
{
    /// <summary>Builds the index.</summary>
    /// <param name="corpusPath">The corpus file (BEIR JSONL or TSV).</param>
    /// <param name="indexPath">The target directory.</param>
    /// <param name="options">Build options (null: defaults).</param>
    /// <param name="progress">Receives periodic progress reports, called on the building thread.</param>
    /// <param name="cancellationToken">Stops the build; nothing is replaced.</param>
    /// <returns>What was built.</returns>
    /// <exception cref="IndexAlreadyExistsException">The target holds an index and force was not given, or holds something else.</exception>
    /// <exception cref="CorpusFormatException">A malformed line (without skip-bad); nothing is replaced.</exception>
    public static IndexBuildResult Build(
        string corpusPath,
        string indexPath,
        IndexBuildOptions? options = null,
        IProgress<IndexBuildProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new IndexBuildOptions();
        var target = Path.GetFullPath(indexPath);
        var notes = IndexSwapRecovery.Recover(target);
        TargetState existing;
        try
        {
            existing = CheckTarget(target, options.Force);
        }
        catch (IndexAlreadyExistsException e) when (notes.Count > 0)
        {
            throw new IndexAlreadyExistsException(target, $"{e.Message} ({string.Join("; ", notes)})");
        }

        var corpus = new CorpusReader(corpusPath, options.Format, options.SkipBadLines);
        var totalBytes = new FileInfo(corpusPath).Length;

        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException("the index path has no parent directory", nameof(indexPath));
        System.IO.Directory.CreateDirectory(parent);
        var temp = IndexSwapRecovery.NewBuildingPath(target);

        var clock = Stopwatch.StartNew();
        long documents = 0;
        try
        {
            using (var directory = FSDirectory.Open(temp))
            using (var analyzer = EnglishAnalyzerFactory.Create())
            {
                var config = new IndexWriterConfig(EnglishAnalyzerFactory.Version, analyzer)
                {
                    OpenMode = OpenMode.CREATE,
                    Similarity = new BM25Similarity(Bm25Parameters.Default.K1, Bm25Parameters.Default.B),
                    RAMBufferSizeMB = options.RamBufferSizeMb,
                };
                using var writer = new IndexWriter(directory, config);
                var lastReport = TimeSpan.Zero;
                foreach (var document in corpus.ReadDocuments(cancellationToken))
                {
                    writer.AddDocument(ToLuceneDocument(document));
                    documents++;
                    if (progress is not null && clock.Elapsed - lastReport >= options.ProgressInterval)
                    {
                        lastReport = clock.Elapsed;
                        progress.Report(new IndexBuildProgress(documents, corpus.SkippedLines, corpus.BytesRead, totalBytes, clock.Elapsed, IndexBuildStage.Indexing));
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new IndexBuildProgress(documents, corpus.SkippedLines, corpus.BytesRead, totalBytes, clock.Elapsed, IndexBuildStage.Committing));
                writer.SetCommitData(new Dictionary<string, string>
                {
                    ["lrr.analyzer"] = EnglishAnalyzerFactory.Name,
                    ["lrr.corpus"] = Path.GetFullPath(corpusPath),
                    ["lrr.format"] = corpus.Format.ToString().ToLowerInvariant(),
                    ["lrr.documents"] = documents.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["lrr.created"] = DateTimeOffset.UtcNow.ToString("O"),
                });
                writer.Commit();
            }

            cancellationToken.ThrowIfCancellationRequested();
            MoveIntoPlace(temp, target, existing);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        clock.Stop();
        progress?.Report(new IndexBuildProgress(documents, corpus.SkippedLines, totalBytes, totalBytes, clock.Elapsed, IndexBuildStage.Completed));
        return new IndexBuildResult(target, corpus.Format, documents, corpus.SkippedLines, corpus.Problems,
            IndexDirectorySize.Of(target), clock.Elapsed, existing == TargetState.Index)
        {
            Notes = notes,
        };
    }

    private static Document ToLuceneDocument(CorpusDocument document) =>
    [
        new StringField(IndexFieldNames.Id, document.Id, Field.Store.YES),
        new BinaryDocValuesField(IndexFieldNames.Id, new BytesRef(document.Id)),
        new TextField(IndexFieldNames.Title, document.Title, Field.Store.YES),
        new TextField(IndexFieldNames.Text, document.Text, Field.Store.YES),
        new TextField(IndexFieldNames.Contents, document.Title + " " + document.Text, Field.Store.NO),
    ];

    private enum TargetState
    {
        Absent,
        EmptyDirectory,
        Index,
    }

    private static TargetState CheckTarget(string target, bool force)
    {
        if (File.Exists(target))
        {
            throw new IndexAlreadyExistsException(target, $"{target} is a file, not an index directory; refusing to replace it");
        }

        if (!System.IO.Directory.Exists(target))
        {
            return TargetState.Absent;
        }

        if (!System.IO.Directory.EnumerateFileSystemEntries(target).Any())
        {
            return TargetState.EmptyDirectory;
        }

        bool isIndex;
        using (var directory = FSDirectory.Open(target))
        {
            isIndex = DirectoryReader.IndexExists(directory);
        }

        if (!isIndex)
        {
            throw new IndexAlreadyExistsException(target,
                $"{target} is not empty and is not a Lucene index; refusing to replace it (choose another --index)");
        }

        if (!force)
        {
            throw new IndexAlreadyExistsException(target,
                $"an index already exists at {target}; use --force to replace it");
        }

        return TargetState.Index;
    }

    private static void MoveIntoPlace(string temp, string target, TargetState existing)
    {
        switch (existing)
        {
            case TargetState.Absent:
                System.IO.Directory.Move(temp, target);
                return;
            case TargetState.EmptyDirectory:
                System.IO.Directory.Delete(target);
                System.IO.Directory.Move(temp, target);
                return;
        }

        // Two renames: between them there is no index at the target. If the process dies there, the old index
        // waits at the backup path and the next build moves it back (IndexSwapRecovery).
        var backup = IndexSwapRecovery.NewReplacedPath(target);
        System.IO.Directory.Move(target, backup);
        try
        {
            System.IO.Directory.Move(temp, target);
        }
        catch (Exception e)
        {
            try
            {
                System.IO.Directory.Move(backup, target);
            }
            catch (Exception restore)
            {
                throw new IOException(
                    $"could not move the new index into {target} ({e.Message}) nor the old one back ({restore.Message}); " +
                    $"the old index is at {backup}: move it back by hand, or run the build again to restore it", e);
            }

            throw;
        }

        TryDelete(backup);
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (System.IO.Directory.Exists(path))
            {
                System.IO.Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover hidden temporary directory does not harm the index at the target.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
