using System.Diagnostics;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneRerank.Toolkit.CommandLine;
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
/// <para>
/// A build holds <c>.NAME.lock</c> beside the target for its whole run, so a second build into the same target fails
/// at once with <see cref="IndexBuildLockedException"/>; under the lock, <c>.NAME.building-*</c> folders left by killed
/// builds are deleted. A trailing separator is ignored, and a target that is a symbolic link is followed: the index is
/// built beside, and replaced at, the folder the link names (the link stays). A corpus with no document is refused
/// unless <see cref="IndexBuildOptions.AllowEmpty"/>; cancellation rolls the writer back, deletes the unfinished folder
/// and throws <see cref="CommandInterruptedException"/> saying so.
/// </para>
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
    /// <exception cref="CorpusFormatException">A malformed line (without skip-bad), or no document (without allow-empty); nothing is replaced.</exception>
    /// <exception cref="IndexBuildLockedException">Another build into the same target is running.</exception>
    /// <exception cref="CommandInterruptedException">Cancelled; the unfinished folder was deleted, nothing replaced.</exception>
    public static IndexBuildResult Build(
        string corpusPath,
        string indexPath,
        IndexBuildOptions? options = null,
        IProgress<IndexBuildProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new IndexBuildOptions();
        var fileSystem = options.FileSystem;
        var target = ResolveTarget(indexPath);
        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"the index path {target} has no parent folder", nameof(indexPath));
        if (File.Exists(target))
        {
            throw new IndexAlreadyExistsException(target, $"{target} is a file, not an index directory; refusing to replace it");
        }

        if (File.Exists(parent))
        {
            throw new IndexAlreadyExistsException(target, $"{parent} is a file, so {target} cannot be an index folder");
        }

        Stream lockStream;
        try
        {
            fileSystem.CreateDirectory(parent);
            lockStream = AcquireLock(fileSystem, target);
        }
        catch (IOException e) when (e is not IndexBuildLockedException)
        {
            throw new IOException($"{e.Message} (while preparing to build {target}; nothing was changed)", e) { HResult = e.HResult };
        }

        using var buildLock = lockStream;
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

        var format = options.Format == CorpusFormat.Auto && options.AllowEmpty && File.Exists(corpusPath) && !HasNonBlankLine(corpusPath)
            ? CorpusFormat.Jsonl
            : options.Format;
        var corpus = new CorpusReader(corpusPath, format, options.SkipBadLines);
        var totalBytes = new FileInfo(corpusPath).Length;
        var temp = IndexSwapRecovery.NewBuildingPath(target);
        using var embedder = options.Embeddings is { } embeddings ? new DocumentEmbedder(embeddings) : null;

        var clock = Stopwatch.StartNew();
        long documents = 0;
        Lucene.Net.Store.Directory? directory = null;
        IndexWriter? writer = null;
        try
        {
            fileSystem.CreateDirectory(temp);
            directory = fileSystem.OpenIndexDirectory(temp);
            using (var analyzer = EnglishAnalyzerFactory.Create())
            {
                var config = new IndexWriterConfig(EnglishAnalyzerFactory.Version, analyzer)
                {
                    OpenMode = OpenMode.CREATE,
                    Similarity = new BM25Similarity(Bm25Parameters.Default.K1, Bm25Parameters.Default.B),
                    RAMBufferSizeMB = options.RamBufferSizeMb,
                };
                writer = new IndexWriter(directory, config);
                var lastReport = TimeSpan.Zero;
                var pending = new List<(CorpusDocument Source, Document Lucene)>();
                foreach (var document in corpus.ReadDocuments(cancellationToken))
                {
                    if (embedder is null)
                    {
                        documents += Add(writer, corpus, ToLuceneDocument(document)) ? 1 : 0;
                    }
                    else
                    {
                        pending.Add((document, ToLuceneDocument(document)));
                        if (pending.Count >= embedder.BatchSize)
                        {
                            documents += AddEmbedded(writer, corpus, embedder, pending, cancellationToken);
                        }
                    }

                    if (progress is not null && clock.Elapsed - lastReport >= options.ProgressInterval)
                    {
                        lastReport = clock.Elapsed;
                        progress.Report(new IndexBuildProgress(documents, corpus.SkippedLines, corpus.BytesRead, totalBytes, clock.Elapsed, IndexBuildStage.Indexing));
                    }
                }

                if (embedder is not null)
                {
                    documents += AddEmbedded(writer, corpus, embedder, pending, cancellationToken);
                }

                cancellationToken.ThrowIfCancellationRequested();
                if (documents == 0 && !options.AllowEmpty)
                {
                    throw new CorpusFormatException(corpusPath, 0,
                        $"no documents to index ({(corpus.SkippedLines > 0 ? $"all {corpus.SkippedLines} non-blank lines were skipped" : "the file is empty or holds only blank lines")}); " +
                        $"nothing was built{(existing == TargetState.Index ? $" and the index at {target} is unchanged" : string.Empty)} (--allow-empty builds an empty index)");
                }

                progress?.Report(new IndexBuildProgress(documents, corpus.SkippedLines, corpus.BytesRead, totalBytes, clock.Elapsed, IndexBuildStage.Committing));
                var commitData = new Dictionary<string, string>
                {
                    ["lrr.analyzer"] = EnglishAnalyzerFactory.Name,
                    ["lrr.corpus"] = Path.GetFullPath(corpusPath),
                    ["lrr.format"] = corpus.Format.ToString().ToLowerInvariant(),
                    ["lrr.documents"] = documents.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["lrr.created"] = DateTimeOffset.UtcNow.ToString("O"),
                };
                foreach (var (key, value) in embedder?.Metadata.ToCommitData() ?? new Dictionary<string, string>())
                {
                    commitData[key] = value;
                }

                writer.SetCommitData(commitData);
                writer.Commit();
                writer.Dispose();
                writer = null;
            }

            directory.Dispose();
            directory = null;
            cancellationToken.ThrowIfCancellationRequested();
            MoveIntoPlace(fileSystem, temp, target, existing);
        }
        catch (Exception e)
        {
            Abandon(fileSystem, writer, directory, temp);
            throw e switch
            {
                OperationCanceledException cancelled => new CommandInterruptedException(
                    $"the build was stopped; its unfinished folder {temp} was deleted and {Unchanged(target, existing)}", cancelled),
                IOException io when io is not IndexAlreadyExistsException => new IOException(
                    $"{io.Message} (while building {target}; the unfinished build was deleted and {Unchanged(target, existing)})", io)
                {
                    HResult = io.HResult,
                },
                _ => e,
            };
        }

        clock.Stop();
        progress?.Report(new IndexBuildProgress(documents, corpus.SkippedLines, totalBytes, totalBytes, clock.Elapsed, IndexBuildStage.Completed));
        return new IndexBuildResult(target, corpus.Format, documents, corpus.SkippedLines, corpus.Problems,
            IndexDirectorySize.Of(target), clock.Elapsed, existing == TargetState.Index)
        {
            Notes = notes,
            Embeddings = embedder?.Summary(),
            EmptyDocuments = corpus.EmptyDocuments,
            FirstEmptyDocumentLine = corpus.FirstEmptyDocumentLine,
            ReplacedBytes = corpus.ReplacedBytes,
            FirstReplacedLine = corpus.FirstReplacedLine,
        };
    }

    /// <summary>
    /// The absolute target folder: a trailing separator removed, and a symbolic link followed to the folder it
    /// names (so the index is replaced where the link points and the link itself stays).
    /// </summary>
    internal static string ResolveTarget(string indexPath)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(indexPath));
        var info = new DirectoryInfo(target);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } final)
        {
            target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(final.FullName));
        }

        return target;
    }

    /// <summary>The lock file of builds into <paramref name="target"/>: <c>.NAME.lock</c> beside it.</summary>
    internal static string LockPath(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.lock");

    internal static Stream AcquireLock(IIndexFileSystem fileSystem, string target)
    {
        var path = LockPath(target);
        try
        {
            return fileSystem.OpenLock(path);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && !ErrorReporter.IsDiskFull(e))
        {
            throw new IndexBuildLockedException(target,
                $"another build into {target} is running (it holds {path}); wait for it to finish or choose another --index", e);
        }
    }

    /// <summary>Encodes the pending documents, adds them, and empties the list; returns how many were added.</summary>
    private static int AddEmbedded(
        IndexWriter writer, CorpusReader corpus, DocumentEmbedder embedder, List<(CorpusDocument Source, Document Lucene)> pending,
        CancellationToken cancellationToken)
    {
        embedder.Add(pending, cancellationToken);
        var added = pending.Count(p => Add(writer, corpus, p.Lucene));
        pending.Clear();
        return added;
    }

    private static bool Add(IndexWriter writer, CorpusReader corpus, Document document)
    {
        try
        {
            writer.AddDocument(document);
            return true;
        }
        catch (ArgumentException e)
        {
            // A limit Lucene enforces that the reader's rules did not catch (term or value length): this line only;
            // IndexWriter drops the document and goes on.
            corpus.Reject("Lucene refused the document: " + e.Message, e);
            return false;
        }
    }

    private static string Unchanged(string target, TargetState existing) => existing == TargetState.Index
        ? $"the index at {target} is unchanged"
        : $"nothing was created at {target}";

    internal static void Abandon(IIndexFileSystem fileSystem, IndexWriter? writer, Lucene.Net.Store.Directory? directory, string temp)
    {
        try
        {
            // Rollback, not Dispose: Dispose would wait for merges and commit what an abandoned build wrote.
            writer?.Rollback();
        }
        catch (Exception)
        {
            // Best effort: the folder is deleted below.
        }

        try
        {
            directory?.Dispose();
        }
        catch (Exception)
        {
            // Same as above.
        }

        TryDelete(fileSystem, temp);
    }

    private static bool HasNonBlankLine(string path) => File.ReadLines(path).Any(line => !string.IsNullOrWhiteSpace(line));

    internal static Document ToLuceneDocument(CorpusDocument document) =>
    [
        new StringField(IndexFieldNames.Id, document.Id, Field.Store.YES),
        new BinaryDocValuesField(IndexFieldNames.Id, new BytesRef(document.Id)),
        new TextField(IndexFieldNames.Title, document.Title, Field.Store.YES),
        new TextField(IndexFieldNames.Text, document.Text, Field.Store.YES),
        new TextField(IndexFieldNames.Contents, document.Title + " " + document.Text, Field.Store.NO),
    ];

    internal enum TargetState
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

    internal static void MoveIntoPlace(IIndexFileSystem fileSystem, string temp, string target, TargetState existing)
    {
        switch (existing)
        {
            case TargetState.Absent:
                fileSystem.MoveDirectory(temp, target);
                return;
            case TargetState.EmptyDirectory:
                fileSystem.DeleteDirectory(target);
                fileSystem.MoveDirectory(temp, target);
                return;
        }

        // Two renames: between them there is no index at the target. If the process dies there, the old index
        // waits at the backup path and the next build moves it back (IndexSwapRecovery).
        var backup = IndexSwapRecovery.NewReplacedPath(target);
        fileSystem.MoveDirectory(target, backup);
        try
        {
            fileSystem.MoveDirectory(temp, target);
        }
        catch (Exception e)
        {
            try
            {
                fileSystem.MoveDirectory(backup, target);
            }
            catch (Exception restore)
            {
                throw new IOException(
                    $"could not move the new index into {target} ({e.Message}) nor the old one back ({restore.Message}); " +
                    $"the old index is at {backup}: move it back by hand, or run the build again to restore it", e);
            }

            throw;
        }

        TryDelete(fileSystem, backup);
    }

    private static void TryDelete(IIndexFileSystem fileSystem, string path)
    {
        try
        {
            if (System.IO.Directory.Exists(path))
            {
                fileSystem.DeleteDirectory(path);
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
