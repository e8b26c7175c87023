namespace LuceneRerank.Text;

/// <summary>
/// The truncation rules every <see cref="IPairEncoder"/> shares: the limits and their checks, the query cut, the passage
/// budget, prefix tokenisation of long texts and <see cref="EncodePair"/>. A derived encoder gives its tokenizer, where
/// a text may be cut without changing the tokens before the cut, and its special-token template.
/// </summary>
internal abstract class PairEncoder : IPairEncoder
{
    /// <summary>Checks and keeps the limits.</summary>
    /// <param name="maxLength">Maximum tokens of one pair, special tokens included.</param>
    /// <param name="minPassageTokens">Passage tokens a query may not take away.</param>
    /// <param name="specialTokenCount">Special tokens in one pair.</param>
    private protected PairEncoder(int maxLength, int minPassageTokens, int specialTokenCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, specialTokenCount + 2);
        ArgumentOutOfRangeException.ThrowIfNegative(minPassageTokens);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minPassageTokens, maxLength - specialTokenCount - 1);
        MaxLength = maxLength;
        MinPassageTokens = minPassageTokens;
        SpecialTokenCount = specialTokenCount;
    }

    /// <inheritdoc />
    public int MaxLength { get; }

    /// <inheritdoc />
    public int MinPassageTokens { get; }

    /// <inheritdoc />
    public int MaxQueryTokens => MaxLength - SpecialTokenCount - MinPassageTokens;

    /// <inheritdoc />
    public int SpecialTokenCount { get; }

    /// <inheritdoc />
    public abstract int PaddingTokenId { get; }

    /// <inheritdoc />
    public EncodedQuery EncodeQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var ids = EncodeText(query, MaxQueryTokens + 1);
        return ids.Length > MaxQueryTokens ? new EncodedQuery(ids[..MaxQueryTokens], true) : new EncodedQuery(ids, false);
    }

    /// <inheritdoc />
    public int PassageBudget(EncodedQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return MaxLength - SpecialTokenCount - query.Ids.Length;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The tokens of a prefix that ends just before a boundary character (see <see cref="IsBoundary"/>) are a prefix of
    /// the tokens of the whole text, so only a prefix is tokenised: it starts at about 8 characters a token and grows
    /// fourfold until it yields enough tokens or is the whole text. A 1 MB passage costs about as much as a short one.
    /// </remarks>
    public int[] EncodeText(string text, int maxTokens) => EncodeText(text, maxTokens, out _);

    /// <summary>
    /// As <see cref="EncodeText(string, int)"/>; <paramref name="truncated"/> says whether the text had more tokens
    /// than <paramref name="maxTokens"/> (so that the reranker counts the cut in its statistics).
    /// </summary>
    internal int[] EncodeText(string text, int maxTokens, out bool truncated)
    {
        ArgumentNullException.ThrowIfNull(text);
        truncated = false;
        if (text.Length == 0)
        {
            return [];
        }

        if (maxTokens <= 0)
        {
            truncated = HasTokensFrom(text, 0);
            return [];
        }

        long prefixChars = (long)maxTokens * 8 + 64;
        while (true)
        {
            var cut = prefixChars >= text.Length ? text.Length : CutAtBoundary(text, (int)prefixChars);
            var ids = Tokenize(text.AsSpan(0, cut));
            if (ids.Count >= maxTokens || cut == text.Length)
            {
                truncated = ids.Count > maxTokens || (ids.Count == maxTokens && HasTokensFrom(text, cut));
                if (ids is int[] array && array.Length <= maxTokens)
                {
                    return array;
                }

                var result = new int[Math.Min(ids.Count, maxTokens)];
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = ids[i];
                }

                return result;
            }

            prefixChars *= 4;
        }
    }

    /// <inheritdoc />
    public abstract int WritePair(ReadOnlySpan<int> query, ReadOnlySpan<int> passage, Span<long> ids, Span<long> tokenTypes);

    /// <inheritdoc />
    public PairEncoding EncodePair(string query, string passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var q = EncodeQuery(query);
        var p = EncodeText(passage, PassageBudget(q));
        var length = q.Ids.Length + p.Length + SpecialTokenCount;
        var ids = new long[length];
        var types = new long[length];
        WritePair(q.Ids, p, ids, types);
        return new PairEncoding(Array.ConvertAll(ids, id => (int)id), Array.ConvertAll(types, t => (int)t), q.IsTruncated);
    }

    /// <summary>The ids of <paramref name="text"/> without special tokens.</summary>
    private protected abstract IReadOnlyList<int> Tokenize(ReadOnlySpan<char> text);

    /// <summary>
    /// Whether the tokenizer always splits at <paramref name="c"/> and nothing before it changes what comes after, so
    /// that a text may be cut just before it.
    /// </summary>
    private protected abstract bool IsBoundary(char c);

    /// <summary>
    /// Whether the text from <paramref name="start"/> (0 or a boundary) yields any token: tokenised one word at a time,
    /// so only as far as the first word that gives one.
    /// </summary>
    private bool HasTokensFrom(string text, int start)
    {
        var position = start;
        while (position < text.Length)
        {
            var end = position + 1;
            while (end < text.Length && !IsBoundary(text[end]))
            {
                end++;
            }

            if (Tokenize(text.AsSpan(position, end - position)).Count > 0)
            {
                return true;
            }

            position = end;
        }

        return false;
    }

    /// <summary>The last boundary at or before <paramref name="limit"/> (not at 0); else the first after it; else the end.</summary>
    private int CutAtBoundary(string text, int limit)
    {
        for (var i = limit; i > 0; i--)
        {
            if (IsBoundary(text[i]))
            {
                return i;
            }
        }

        for (var i = limit + 1; i < text.Length; i++)
        {
            if (IsBoundary(text[i]))
            {
                return i;
            }
        }

        return text.Length;
    }
}
