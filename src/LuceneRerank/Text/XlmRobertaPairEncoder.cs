namespace LuceneRerank.Text;

/// <summary>
/// Encodes (query, passage) pairs for an XLM-RoBERTa cross-encoder (for example BAAI/bge-reranker-base) as
/// <c>&lt;s&gt; query &lt;/s&gt;&lt;/s&gt; passage &lt;/s&gt;</c>, Hugging Face's pair template for these models, without
/// token types. Truncation follows <see cref="IPairEncoder"/>: the passage is cut, the query only when it alone would
/// leave fewer than <see cref="MinPassageTokens"/> passage tokens. Thread-safe.
/// </summary>
public sealed class XlmRobertaPairEncoder : IPairEncoder
{
    /// <summary>Special tokens in a pair: &lt;s&gt;, &lt;/s&gt;, &lt;/s&gt;, &lt;/s&gt;.</summary>
    public const int SpecialTokensPerPair = 4;

    private readonly XlmRobertaTokenizer _tokenizer;

    /// <summary>Creates the encoder.</summary>
    /// <param name="tokenizer">The SentencePiece tokenizer.</param>
    /// <param name="maxLength">Maximum tokens of one pair, special tokens included.</param>
    /// <param name="minPassageTokens">Passage tokens a query may not take away.</param>
    public XlmRobertaPairEncoder(XlmRobertaTokenizer tokenizer, int maxLength, int minPassageTokens)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, SpecialTokensPerPair + 2);
        ArgumentOutOfRangeException.ThrowIfNegative(minPassageTokens);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minPassageTokens, maxLength - SpecialTokensPerPair - 1);
        _tokenizer = tokenizer;
        MaxLength = maxLength;
        MinPassageTokens = minPassageTokens;
    }

    /// <inheritdoc />
    public int MaxLength { get; }

    /// <inheritdoc />
    public int MinPassageTokens { get; }

    /// <inheritdoc />
    public int MaxQueryTokens => MaxLength - SpecialTokensPerPair - MinPassageTokens;

    /// <inheritdoc />
    public int SpecialTokenCount => SpecialTokensPerPair;

    /// <inheritdoc />
    public int PaddingTokenId => _tokenizer.PaddingId;

    /// <summary>The tokenizer.</summary>
    public XlmRobertaTokenizer Tokenizer => _tokenizer;

    /// <inheritdoc />
    public EncodedQuery EncodeQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var ids = EncodeText(query, MaxQueryTokens + 1);
        return ids.Length > MaxQueryTokens ? new EncodedQuery(ids[..MaxQueryTokens], true) : new EncodedQuery(ids, false);
    }

    /// <inheritdoc />
    public int PassageBudget(EncodedQuery query) => MaxLength - SpecialTokensPerPair - query.Ids.Length;

    /// <inheritdoc />
    /// <remarks>
    /// SentencePiece pieces never span a space ("▁" only starts a piece) and extra spaces are dropped, so the ids of
    /// a prefix that ends at a space are a prefix of the ids of the whole text; the prefix grows until it gives enough.
    /// </remarks>
    public int[] EncodeText(string text, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (maxTokens <= 0 || text.Length == 0)
        {
            return [];
        }

        long prefixChars = (long)maxTokens * 8 + 64;
        while (true)
        {
            var cut = prefixChars >= text.Length ? text.Length : CutAtSpace(text, (int)prefixChars);
            var ids = _tokenizer.Encode(text.AsSpan(0, cut));
            if (ids.Length >= maxTokens || cut == text.Length)
            {
                return ids.Length > maxTokens ? ids[..maxTokens] : ids;
            }

            prefixChars *= 4;
        }
    }

    /// <inheritdoc />
    public int WritePair(ReadOnlySpan<int> query, ReadOnlySpan<int> passage, Span<long> ids, Span<long> tokenTypes)
    {
        var length = query.Length + passage.Length + SpecialTokensPerPair;
        var position = 0;
        ids[position++] = _tokenizer.BeginningOfSentenceId;
        foreach (var id in query)
        {
            ids[position++] = id;
        }

        ids[position++] = _tokenizer.EndOfSentenceId;
        ids[position++] = _tokenizer.EndOfSentenceId;
        foreach (var id in passage)
        {
            ids[position++] = id;
        }

        ids[position] = _tokenizer.EndOfSentenceId;
        if (!tokenTypes.IsEmpty)
        {
            tokenTypes[..length].Fill(0);
        }

        return length;
    }

    /// <inheritdoc />
    public PairEncoding EncodePair(string query, string passage)
    {
        var q = EncodeQuery(query);
        var p = EncodeText(passage, PassageBudget(q));
        var ids = new long[q.Ids.Length + p.Length + SpecialTokensPerPair];
        WritePair(q.Ids, p, ids, []);
        return new PairEncoding(Array.ConvertAll(ids, id => (int)id), new int[ids.Length], q.IsTruncated);
    }

    /// <summary>
    /// The last space (U+0020) at or before <paramref name="limit"/>; else the first after it; else the end. Only the
    /// plain space: other white space may be changed by the model's normaliser.
    /// </summary>
    private static int CutAtSpace(string text, int limit)
    {
        for (var i = limit; i > 0; i--)
        {
            if (text[i] == ' ')
            {
                return i;
            }
        }

        var next = text.IndexOf(' ', limit + 1);
        return next < 0 ? text.Length : next;
    }
}
