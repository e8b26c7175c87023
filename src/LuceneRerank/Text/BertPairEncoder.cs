using Microsoft.ML.Tokenizers;

namespace LuceneRerank.Text;

/// <summary>
/// Encodes (query, passage) pairs for a BERT cross-encoder as <c>[CLS] query [SEP] passage [SEP]</c> within a maximum
/// length. The passage is truncated, never the query, unless the query alone would leave the passage fewer than
/// <see cref="MinPassageTokens"/> tokens: then the query is cut to <see cref="MaxQueryTokens"/> as well
/// (<see cref="EncodedQuery.IsTruncated"/> says so). Thread-safe.
/// </summary>
public sealed class BertPairEncoder
{
    /// <summary>Special tokens in a pair: [CLS], [SEP], [SEP].</summary>
    public const int SpecialTokensPerPair = 3;

    private readonly BertTokenizer _tokenizer;

    /// <summary>Creates the encoder.</summary>
    /// <param name="tokenizer">The WordPiece tokenizer.</param>
    /// <param name="maxLength">Maximum tokens of one pair, special tokens included.</param>
    /// <param name="minPassageTokens">Passage tokens a query may not take away (see the class remarks).</param>
    public BertPairEncoder(BertTokenizer tokenizer, int maxLength, int minPassageTokens)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, SpecialTokensPerPair + 2);
        ArgumentOutOfRangeException.ThrowIfNegative(minPassageTokens);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minPassageTokens, maxLength - SpecialTokensPerPair - 1);
        _tokenizer = tokenizer;
        MaxLength = maxLength;
        MinPassageTokens = minPassageTokens;
    }

    /// <summary>Maximum tokens of one pair, special tokens included.</summary>
    public int MaxLength { get; }

    /// <summary>Passage tokens a long query may not take away.</summary>
    public int MinPassageTokens { get; }

    /// <summary>The most tokens a query keeps: <see cref="MaxLength"/> − 3 − <see cref="MinPassageTokens"/>.</summary>
    public int MaxQueryTokens => MaxLength - SpecialTokensPerPair - MinPassageTokens;

    /// <summary>The [CLS] id.</summary>
    public int ClassificationTokenId => _tokenizer.ClassificationTokenId;

    /// <summary>The [SEP] id.</summary>
    public int SeparatorTokenId => _tokenizer.SeparatorTokenId;

    /// <summary>The [PAD] id.</summary>
    public int PaddingTokenId => _tokenizer.PaddingTokenId;

    /// <summary>Encodes a query, cut to <see cref="MaxQueryTokens"/> when longer.</summary>
    public EncodedQuery EncodeQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var ids = EncodeText(query, MaxQueryTokens + 1);
        return ids.Length > MaxQueryTokens ? new EncodedQuery(ids[..MaxQueryTokens], true) : new EncodedQuery(ids, false);
    }

    /// <summary>The passage tokens that fit beside <paramref name="query"/>.</summary>
    public int PassageBudget(EncodedQuery query) => MaxLength - SpecialTokensPerPair - query.Ids.Length;

    /// <summary>
    /// The first <paramref name="maxTokens"/> WordPiece ids of <paramref name="text"/> (no special tokens), the same
    /// ids as encoding the whole text and cutting, but without tokenising far beyond the limit: a 1 MB passage
    /// costs about as much as a short one.
    /// </summary>
    public int[] EncodeText(string text, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (maxTokens <= 0 || text.Length == 0)
        {
            return [];
        }

        // WordPiece never makes a token from nothing, and BERT's pre-tokenizer splits at whitespace, so the tokens of
        // a prefix that ends at whitespace are a prefix of the tokens of the text. Grow the prefix until it yields
        // enough tokens (a text of very long words yields few tokens per character).
        long prefixChars = (long)maxTokens * 8 + 64;
        while (true)
        {
            var cut = prefixChars >= text.Length ? text.Length : CutAtWhitespace(text, (int)prefixChars);
            var ids = _tokenizer.EncodeToIds(text.AsSpan(0, cut), addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);
            if (ids.Count >= maxTokens || cut == text.Length)
            {
                var count = Math.Min(ids.Count, maxTokens);
                var result = new int[count];
                for (var i = 0; i < count; i++)
                {
                    result[i] = ids[i];
                }

                return result;
            }

            prefixChars *= 4;
        }
    }

    /// <summary>Encodes one pair with this encoder's truncation rules (for inspection and tools; the reranker batches).</summary>
    public PairEncoding EncodePair(string query, string passage)
    {
        var q = EncodeQuery(query);
        var p = EncodeText(passage, PassageBudget(q));
        var length = q.Ids.Length + p.Length + SpecialTokensPerPair;
        var ids = new int[length];
        var types = new int[length];
        ids[0] = ClassificationTokenId;
        q.Ids.CopyTo(ids, 1);
        ids[q.Ids.Length + 1] = SeparatorTokenId;
        p.CopyTo(ids, q.Ids.Length + 2);
        ids[length - 1] = SeparatorTokenId;
        types.AsSpan(q.Ids.Length + 2).Fill(1);
        return new PairEncoding(ids, types, q.IsTruncated);
    }

    /// <summary>Characters every BERT pre-tokenizer splits at (others that .NET calls white space are not all so).</summary>
    private static bool IsBertSpace(char c) => c is ' ' or '\t' or '\n' or '\r';

    /// <summary>The last whitespace at or before <paramref name="limit"/>; else the first after it; else the end.</summary>
    private static int CutAtWhitespace(string text, int limit)
    {
        for (var i = limit; i > 0; i--)
        {
            if (IsBertSpace(text[i]))
            {
                return i;
            }
        }

        for (var i = limit + 1; i < text.Length; i++)
        {
            if (IsBertSpace(text[i]))
            {
                return i;
            }
        }

        return text.Length;
    }
}
