namespace LuceneRerank.Reranking;

/// <summary>
/// The token chunks of one passage under <see cref="PassageChunking"/> for one query: chunk <c>k</c> is
/// <c>[k × Stride, min(k × Stride + Size, tokens))</c>, until a chunk reaches the last token or the cap is hit.
/// </summary>
internal readonly record struct PassageChunker(int Size, int Stride, int MaxChunks)
{
    /// <summary>The passage tokens worth tokenising: the span of the most chunks allowed.</summary>
    public int TokensToRead => MaxChunks == 1 ? Size : (int)Math.Min(int.MaxValue - 1, Size + ((long)MaxChunks - 1) * Stride);

    /// <summary>
    /// The chunker for a query that leaves <paramref name="room"/> passage tokens: the configured size cut to the room,
    /// the stride (default half the size, rounded up) cut to the size; one chunk of the room for
    /// <see cref="ChunkAggregation.First"/> without a size.
    /// </summary>
    public static PassageChunker For(PassageChunking chunking, int room)
    {
        var size = Math.Max(0, Math.Min(chunking.ChunkSize ?? room, room));
        if (chunking.Aggregation == ChunkAggregation.First)
        {
            return new PassageChunker(size, Math.Max(1, size), 1);
        }

        var stride = Math.Min(chunking.ChunkStride ?? (size + 1) / 2, size);
        return new PassageChunker(size, Math.Max(1, stride), chunking.MaxChunksPerPassage);
    }

    /// <summary>The (start, end) token spans of a passage of <paramref name="tokens"/> tokens (read as far as <see cref="TokensToRead"/>).</summary>
    public List<(int Start, int End)> Spans(int tokens)
    {
        var spans = new List<(int Start, int End)>();
        if (tokens <= Size || Size == 0)
        {
            spans.Add((0, Math.Min(tokens, Size)));
            return spans;
        }

        for (var start = 0; spans.Count < MaxChunks; start += Stride)
        {
            var end = Math.Min(start + Size, tokens);
            spans.Add((start, end));
            if (end == tokens)
            {
                break;
            }
        }

        return spans;
    }
}
