using LuceneRerank.Toolkit.Corpora;

namespace LuceneRerank.Toolkit.Indexing;

/// <summary>Options of <see cref="IndexBuilder.Build"/>.</summary>
public sealed record IndexBuildOptions
{
    /// <summary>The corpus format; <see cref="CorpusFormat.Auto"/> (the default) detects it.</summary>
    public CorpusFormat Format { get; init; } = CorpusFormat.Auto;

    /// <summary>Replace an existing index at the target (default: refuse).</summary>
    public bool Force { get; init; }

    /// <summary>Skip and count malformed corpus lines instead of stopping (default: stop, replace nothing).</summary>
    public bool SkipBadLines { get; init; }

    /// <summary>
    /// Build (and, with <see cref="Force"/>, replace an index with) an index of 0 documents when the corpus has none:
    /// no lines, only blank lines, or every line skipped. Default: refuse, replace nothing.
    /// </summary>
    public bool AllowEmpty { get; init; }

    /// <summary>The file-system steps (tests inject failures here).</summary>
    internal IIndexFileSystem FileSystem { get; init; } = PhysicalIndexFileSystem.Instance;

    /// <summary>How often progress is reported (default: every 250 ms).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>ColBERT token embeddings to store with every document (default <c>null</c>: none).</summary>
    public EmbeddingBuildOptions? Embeddings { get; init; }

    /// <summary>Lucene's RAM buffer before a segment is flushed, in MB (default 256).</summary>
    public double RamBufferSizeMb { get; init; } = 256;
}
