namespace LuceneRerank.Text;

/// <summary>
/// Encodes (query, passage) pairs for an XLM-RoBERTa cross-encoder (for example BAAI/bge-reranker-base) as
/// <c>&lt;s&gt; query &lt;/s&gt;&lt;/s&gt; passage &lt;/s&gt;</c>, Hugging Face's pair template for these models, without
/// token types. Truncation follows <see cref="PairEncoder"/>: the passage is cut, the query only when it alone would
/// leave fewer than <see cref="IPairEncoder.MinPassageTokens"/> passage tokens. Thread-safe.
/// </summary>
internal sealed class XlmRobertaPairEncoder : PairEncoder
{
    /// <summary>Special tokens in a pair: &lt;s&gt;, &lt;/s&gt;, &lt;/s&gt;, &lt;/s&gt;.</summary>
    public const int SpecialTokensPerPair = 4;

    /// <summary>Creates the encoder.</summary>
    /// <param name="tokenizer">The SentencePiece tokenizer.</param>
    /// <param name="maxLength">Maximum tokens of one pair, special tokens included (at least 6).</param>
    /// <param name="minPassageTokens">Passage tokens a query may not take away (at most <paramref name="maxLength"/> − 5).</param>
    public XlmRobertaPairEncoder(XlmRobertaTokenizer tokenizer, int maxLength, int minPassageTokens)
        : base(maxLength, minPassageTokens, SpecialTokensPerPair)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        Tokenizer = tokenizer;
    }

    /// <inheritdoc />
    public override int PaddingTokenId => Tokenizer.PaddingId;

    /// <summary>The tokenizer.</summary>
    public XlmRobertaTokenizer Tokenizer { get; }

    /// <inheritdoc />
    public override int WritePair(ReadOnlySpan<int> query, ReadOnlySpan<int> passage, Span<long> ids, Span<long> tokenTypes)
    {
        var length = query.Length + passage.Length + SpecialTokensPerPair;
        var position = 0;
        ids[position++] = Tokenizer.BeginningOfSentenceId;
        foreach (var id in query)
        {
            ids[position++] = id;
        }

        ids[position++] = Tokenizer.EndOfSentenceId;
        ids[position++] = Tokenizer.EndOfSentenceId;
        foreach (var id in passage)
        {
            ids[position++] = id;
        }

        ids[position] = Tokenizer.EndOfSentenceId;
        if (!tokenTypes.IsEmpty)
        {
            tokenTypes[..length].Fill(0);
        }

        return length;
    }

    /// <inheritdoc />
    private protected override IReadOnlyList<int> Tokenize(ReadOnlySpan<char> text) => Tokenizer.Encode(text);

    /// <summary>
    /// SentencePiece pieces never span a space ("▁" only starts a piece) and extra spaces are dropped. Only the plain
    /// space (U+0020): other white space may be changed by the model's normaliser.
    /// </summary>
    private protected override bool IsBoundary(char c) => c == ' ';
}
