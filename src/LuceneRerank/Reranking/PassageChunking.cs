using System.Globalization;

namespace LuceneRerank.Reranking;

/// <summary>
/// How a cross-encoder reads passages longer than its window (its maximum length less the query and the special
/// tokens): cut into overlapping chunks of token ids, every chunk scored as its own (query, chunk) pair in the same
/// token-budget batches as the other pairs, and the chunk scores combined per passage by <see cref="Aggregation"/>.
/// </summary>
/// <remarks>
/// <para><b>Boundaries.</b> Chunks are cut on the passage's token ids (never on characters): chunk <c>k</c> holds the
/// tokens <c>[k × stride, k × stride + size)</c>; chunks follow until one reaches the passage's last token, so the last
/// chunk may be shorter. A passage of at most <c>size</c> tokens is one chunk, scored exactly as without chunking.</para>
/// <para><b>Huge passages.</b> At most <see cref="MaxChunksPerPassage"/> chunks are scored: the passage's opening
/// <c>size + (MaxChunksPerPassage − 1) × stride</c> tokens. Tokens after them are not read (the text is tokenised only
/// that far) and the passage counts in <see cref="RerankStatistics.Truncations"/>, as a truncated passage does.</para>
/// <para>The default (<see cref="ChunkAggregation.First"/>, no size, no stride) is the cross-encoder's truncation:
/// one pair per passage, its opening tokens.</para>
/// </remarks>
public sealed record PassageChunking
{
    /// <summary>Chunks per passage when <see cref="MaxChunksPerPassage"/> is not given.</summary>
    public const int DefaultMaxChunksPerPassage = 16;

    /// <summary>Chunks averaged by <see cref="ChunkAggregation.MeanOfTopK"/> when <see cref="TopK"/> is not given.</summary>
    public const int DefaultTopK = 3;

    private readonly ChunkAggregation _aggregation;
    private readonly int? _chunkSize;
    private readonly int? _chunkStride;
    private readonly int _topK = DefaultTopK;
    private readonly int _maxChunksPerPassage = DefaultMaxChunksPerPassage;

    /// <summary>The truncation of a cross-encoder without chunking: <see cref="ChunkAggregation.First"/>, default sizes.</summary>
    public static PassageChunking None { get; } = new();

    /// <summary>How chunk scores make the passage's score. Default <see cref="ChunkAggregation.First"/>.</summary>
    public ChunkAggregation Aggregation
    {
        get => _aggregation;
        init => _aggregation = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Aggregation), value, "not a ChunkAggregation");
    }

    /// <summary>
    /// Passage tokens per chunk. Default null: all the room the query leaves (maximum length − special tokens − query
    /// tokens), so each chunk is as long as a truncated passage. A size larger than that room is cut to it for that
    /// query; a size larger than the model's whole window is refused when the reranker is created. At least 1.
    /// </summary>
    public int? ChunkSize
    {
        get => _chunkSize;
        init => _chunkSize = value is null or > 0 ? value : throw new ArgumentOutOfRangeException(nameof(ChunkSize), value, "ChunkSize must be a positive number of tokens");
    }

    /// <summary>
    /// Tokens from one chunk's start to the next's. Default null: half the chunk size, rounded up (chunks overlap by
    /// half, as in passage-level MaxP). At least 1 and at most <see cref="ChunkSize"/> (a larger stride would skip
    /// tokens; refused). Equal to the size, chunks do not overlap. When the size is cut to the room a query leaves, the
    /// stride is cut to that size too.
    /// </summary>
    public int? ChunkStride
    {
        get => _chunkStride;
        init => _chunkStride = value is null or > 0 ? value : throw new ArgumentOutOfRangeException(nameof(ChunkStride), value, "ChunkStride must be a positive number of tokens");
    }

    /// <summary>The number of best chunks <see cref="ChunkAggregation.MeanOfTopK"/> averages. Default 3; at least 1.</summary>
    public int TopK
    {
        get => _topK;
        init => _topK = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(TopK), value, "TopK must be at least 1");
    }

    /// <summary>
    /// The most chunks scored for one passage (see the remarks for what happens to the rest). Default
    /// <see cref="DefaultMaxChunksPerPassage"/>; at least 1.
    /// </summary>
    public int MaxChunksPerPassage
    {
        get => _maxChunksPerPassage;
        init => _maxChunksPerPassage = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxChunksPerPassage), value, "MaxChunksPerPassage must be at least 1");
    }

    /// <summary>
    /// Reads the aggregation as written on a command line or in configuration: <c>first</c>, <c>max</c>, or
    /// <c>mean-top-K</c> (K at least 1, for example <c>mean-top-3</c>); case-insensitive. The sizes are the defaults;
    /// set them with <c>with</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is none of these; the message lists them.</exception>
    public static PassageChunking Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim().ToLowerInvariant();
        const string Prefix = "mean-top-";
        if (value == "first")
        {
            return new PassageChunking { Aggregation = ChunkAggregation.First };
        }

        if (value == "max")
        {
            return new PassageChunking { Aggregation = ChunkAggregation.Max };
        }

        if (value.StartsWith(Prefix, StringComparison.Ordinal) &&
            int.TryParse(value.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k > 0)
        {
            return new PassageChunking { Aggregation = ChunkAggregation.MeanOfTopK, TopK = k };
        }

        throw new FormatException($"chunking '{text}' is not first, max or mean-top-K (K a positive number, e.g. mean-top-3).");
    }

    /// <summary>The form <see cref="Parse"/> reads, with the sizes when set: <c>max</c>, <c>mean-top-3 (size 128, stride 64, at most 16 chunks)</c>.</summary>
    public override string ToString()
    {
        var name = Aggregation switch
        {
            ChunkAggregation.Max => "max",
            ChunkAggregation.MeanOfTopK => $"mean-top-{TopK}",
            _ => "first",
        };
        var size = ChunkSize is { } s ? $"size {s}" : "size: the room beside the query";
        var stride = ChunkStride is { } t ? $"stride {t}" : "stride: half the size";
        return $"{name} ({size}, {stride}, at most {MaxChunksPerPassage} chunks)";
    }
}
