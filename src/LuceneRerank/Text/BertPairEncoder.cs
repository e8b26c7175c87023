using Microsoft.ML.Tokenizers;

namespace LuceneRerank.Text;

/// <summary>
/// Encodes (query, passage) pairs for a BERT cross-encoder as <c>[CLS] query [SEP] passage [SEP]</c> within a maximum
/// length, with token types 0 up to and including the first [SEP], 1 after. Truncation follows
/// <see cref="PairEncoder"/>: the passage is cut, the query only when it alone would leave the passage fewer than
/// <see cref="IPairEncoder.MinPassageTokens"/> tokens (<see cref="EncodedQuery.IsTruncated"/> says so). Thread-safe.
/// </summary>
internal sealed class BertPairEncoder : PairEncoder
{
    /// <summary>Special tokens in a pair: [CLS], [SEP], [SEP].</summary>
    public const int SpecialTokensPerPair = 3;

    private readonly BertTokenizer _tokenizer;

    /// <summary>Creates the encoder.</summary>
    /// <param name="tokenizer">The WordPiece tokenizer.</param>
    /// <param name="maxLength">Maximum tokens of one pair, special tokens included (at least 5).</param>
    /// <param name="minPassageTokens">Passage tokens a query may not take away (at most <paramref name="maxLength"/> − 4).</param>
    public BertPairEncoder(BertTokenizer tokenizer, int maxLength, int minPassageTokens)
        : base(maxLength, minPassageTokens, SpecialTokensPerPair)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _tokenizer = tokenizer;
    }

    /// <summary>The [CLS] id.</summary>
    public int ClassificationTokenId => _tokenizer.ClassificationTokenId;

    /// <summary>The [SEP] id.</summary>
    public int SeparatorTokenId => _tokenizer.SeparatorTokenId;

    /// <summary>The [PAD] id.</summary>
    public override int PaddingTokenId => _tokenizer.PaddingTokenId;

    /// <inheritdoc />
    public override int WritePair(ReadOnlySpan<int> query, ReadOnlySpan<int> passage, Span<long> ids, Span<long> tokenTypes)
    {
        var length = query.Length + passage.Length + SpecialTokensPerPair;
        var position = 0;
        ids[position++] = ClassificationTokenId;
        foreach (var id in query)
        {
            ids[position++] = id;
        }

        ids[position++] = SeparatorTokenId;
        var passageStart = position;
        foreach (var id in passage)
        {
            ids[position++] = id;
        }

        ids[position] = SeparatorTokenId;
        if (!tokenTypes.IsEmpty)
        {
            tokenTypes[..passageStart].Fill(0);
            tokenTypes[passageStart..length].Fill(1);
        }

        return length;
    }

    /// <inheritdoc />
    private protected override IReadOnlyList<int> Tokenize(ReadOnlySpan<char> text) =>
        _tokenizer.EncodeToIds(text, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);

    /// <summary>
    /// BERT's pre-tokenizer splits at white space, and a word's tokens depend on the word alone. Only the ASCII
    /// characters: every BERT normaliser turns them into a space (not so for all that .NET calls white space).
    /// </summary>
    private protected override bool IsBoundary(char c) => c is ' ' or '\t' or '\n' or '\r';
}
