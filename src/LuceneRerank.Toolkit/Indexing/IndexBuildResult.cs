using LuceneRerank.Toolkit.Corpora;

namespace LuceneRerank.Toolkit.Indexing;

/// <summary>The outcome of a successful index build.</summary>
/// <param name="IndexPath">Where the index now is.</param>
/// <param name="Format">The corpus format that was read.</param>
/// <param name="Documents">Documents indexed.</param>
/// <param name="SkippedLines">Malformed lines skipped (only with <see cref="IndexBuildOptions.SkipBadLines"/>).</param>
/// <param name="Problems">The first few skipped lines' problems.</param>
/// <param name="SizeBytes">Size of the index on disk.</param>
/// <param name="Elapsed">Wall-clock time of the whole build.</param>
/// <param name="ReplacedExisting">Whether an existing index was replaced.</param>
public sealed record IndexBuildResult(
    string IndexPath,
    CorpusFormat Format,
    long Documents,
    long SkippedLines,
    IReadOnlyList<CorpusFormatException> Problems,
    long SizeBytes,
    TimeSpan Elapsed,
    bool ReplacedExisting)
{
    /// <summary>
    /// What the build repaired or found left over by an earlier interrupted build (an old index moved back into
    /// place, stale backups deleted, leftover temporary folders), one line each naming the folder; usually empty.
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The token embeddings stored (<see cref="IndexBuildOptions.Embeddings"/>); <c>null</c> when none.</summary>
    public EmbeddingBuildSummary? Embeddings { get; init; }

    /// <summary>Documents indexed with neither title nor text (searchable by nothing but their id).</summary>
    public long EmptyDocuments { get; init; }

    /// <summary>The corpus line of the first empty document (0 when none).</summary>
    public long FirstEmptyDocumentLine { get; init; }

    /// <summary>Byte sequences of the corpus that were not UTF-8 and were indexed as U+FFFD.</summary>
    public long ReplacedBytes { get; init; }

    /// <summary>The corpus line of the first such sequence (0 when none).</summary>
    public long FirstReplacedLine { get; init; }

    /// <summary>Documents indexed per second over the whole build.</summary>
    public double DocumentsPerSecond => Elapsed.TotalSeconds > 0 ? Documents / Elapsed.TotalSeconds : 0;
}
