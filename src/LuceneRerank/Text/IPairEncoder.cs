namespace LuceneRerank.Text;

/// <summary>
/// Encodes (query, passage) pairs for a cross-encoder within a maximum length: the tokenizer, the special tokens
/// around the two texts and the truncation rules. The passage is cut, never the query, unless the query alone would
/// leave the passage fewer than <see cref="MinPassageTokens"/> tokens: then the query is cut to
/// <see cref="MaxQueryTokens"/> as well. Implementations are thread-safe; <see cref="PairEncoder"/> holds the rules
/// they share.
/// </summary>
/// <remarks>
/// <see cref="BertPairEncoder"/>: <c>[CLS] query [SEP] passage [SEP]</c> with token types 0 then 1 (BERT WordPiece).
/// <see cref="XlmRobertaPairEncoder"/>: <c>&lt;s&gt; query &lt;/s&gt;&lt;/s&gt; passage &lt;/s&gt;</c>, no token types
/// (XLM-RoBERTa SentencePiece, for example BAAI/bge-reranker-base).
/// </remarks>
internal interface IPairEncoder
{
    /// <summary>Maximum tokens of one pair, special tokens included.</summary>
    int MaxLength { get; }

    /// <summary>Passage tokens a long query may not take away.</summary>
    int MinPassageTokens { get; }

    /// <summary>The most tokens a query keeps: <see cref="MaxLength"/> − <see cref="SpecialTokenCount"/> − <see cref="MinPassageTokens"/>.</summary>
    int MaxQueryTokens { get; }

    /// <summary>Special tokens in one pair (BERT: 3, XLM-RoBERTa: 4).</summary>
    int SpecialTokenCount { get; }

    /// <summary>The id that pads a row after its pair.</summary>
    int PaddingTokenId { get; }

    /// <summary>Encodes a query (no special tokens), cut to <see cref="MaxQueryTokens"/> when longer.</summary>
    EncodedQuery EncodeQuery(string query);

    /// <summary>The passage tokens that fit beside <paramref name="query"/>.</summary>
    int PassageBudget(EncodedQuery query);

    /// <summary>
    /// The first <paramref name="maxTokens"/> ids of <paramref name="text"/> (no special tokens): the same ids as
    /// encoding the whole text and cutting, without tokenising far beyond the limit.
    /// </summary>
    int[] EncodeText(string text, int maxTokens);

    /// <summary>
    /// Writes the pair made of <paramref name="query"/> and <paramref name="passage"/> ids (as returned by
    /// <see cref="EncodeQuery"/> and <see cref="EncodeText"/>) with its special tokens into <paramref name="ids"/>, and
    /// its token types into <paramref name="tokenTypes"/> when that is not empty. Returns the pair's length; positions
    /// after it are left as they are.
    /// </summary>
    int WritePair(ReadOnlySpan<int> query, ReadOnlySpan<int> passage, Span<long> ids, Span<long> tokenTypes);

    /// <summary>Encodes one pair with this encoder's truncation rules (for inspection and tools; the reranker batches).</summary>
    PairEncoding EncodePair(string query, string passage);
}
