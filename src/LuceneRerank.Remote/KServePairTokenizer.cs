using LuceneRerank.Models;
using LuceneRerank.Text;

namespace LuceneRerank.Remote;

/// <summary>One request's tensors: <see cref="Rows"/> pairs padded to <see cref="SequenceLength"/>, row-major.</summary>
/// <param name="Rows">The pairs in the request.</param>
/// <param name="SequenceLength">The longest pair's length; shorter pairs are padded and masked.</param>
/// <param name="InputIds">Token ids, <c>Rows × SequenceLength</c>.</param>
/// <param name="AttentionMask">1 for a pair's tokens, 0 for padding.</param>
/// <param name="TokenTypeIds">Segment ids (BERT: 0 for the query part, 1 after; padding 0).</param>
internal sealed record KServeTensors(int Rows, int SequenceLength, long[] InputIds, long[] AttentionMask, long[] TokenTypeIds);

/// <summary>
/// The in-process cross-encoder's tokenizer and truncation for <see cref="RerankProtocol.KServe"/>: loaded from a
/// tokenizer folder with the library's own loader, pairs encoded by the same <see cref="IPairEncoder"/> rules
/// (the passage is cut, the query only when it would leave the passage too little room).
/// </summary>
internal sealed class KServePairTokenizer
{
    private readonly IPairEncoder _encoder;

    private KServePairTokenizer(IPairEncoder encoder, LoadedPairTokenizer tokenizer)
    {
        _encoder = encoder;
        UsesTokenTypes = tokenizer.UsesTokenTypes;
        Summary = tokenizer.Summary;
    }

    /// <summary>Maximum tokens of one pair, special tokens included.</summary>
    public int MaxLength => _encoder.MaxLength;

    /// <summary>Whether the tokenizer's pairs carry token types (BERT) or not (XLM-RoBERTa).</summary>
    public bool UsesTokenTypes { get; }

    /// <summary>What was loaded, in words.</summary>
    public string Summary { get; }

    /// <summary>
    /// Loads the tokenizer of <paramref name="directory"/>. The maximum pair length is <paramref name="maxLength"/>
    /// when given, else the tokenizer's <c>model_max_length</c>, within what <c>config.json</c>'s position embeddings
    /// hold, else 512: the in-process cross-encoder's rule.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">It holds no tokenizer file.</exception>
    /// <exception cref="InvalidDataException">A file is unusable; the message names it.</exception>
    /// <exception cref="ArgumentException">The lengths cannot work for this tokenizer.</exception>
    public static KServePairTokenizer Load(string directory, int? maxLength, int minPassageTokens)
    {
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"KServeOptions.TokenizerDirectory not found: {full}");
        }

        var vocab = Existing(full, "vocab.txt");
        var tokenizerJson = Existing(full, "tokenizer.json");
        var sentencePiece = Existing(full, "sentencepiece.bpe.model");
        if (vocab is null && tokenizerJson is null && sentencePiece is null)
        {
            throw new FileNotFoundException(
                $"No tokenizer in {full} (KServeOptions.TokenizerDirectory): expected vocab.txt, tokenizer.json or sentencepiece.bpe.model.",
                Path.Combine(full, "vocab.txt"));
        }

        var configPath = Existing(full, "config.json");
        var config = configPath is null ? null : BertModelConfig.Load(configPath);
        var tokenizer = PairTokenizerLoader.Load(vocab, tokenizerJson, Existing(full, "tokenizer_config.json"), sentencePiece,
            config?.ModelType, configPath);
        var positions = config?.MaxPositionEmbeddings - tokenizer.ReservedPositions;
        if (maxLength is { } requested && positions is { } p && requested > p)
        {
            throw new ArgumentException(
                $"HttpRerankerOptions.MaxLength {requested} exceeds the {p} tokens the model's position embeddings hold ({configPath}).", nameof(maxLength));
        }

        var length = maxLength ?? Math.Min(tokenizer.ModelMaxLength ?? positions ?? 512, positions ?? int.MaxValue);
        if (length < tokenizer.SpecialTokensPerPair + 2)
        {
            throw new ArgumentException($"The maximum pair length must be at least {tokenizer.SpecialTokensPerPair + 2} for this tokenizer's pairs, not {length}.", nameof(maxLength));
        }

        if (minPassageTokens > length - tokenizer.SpecialTokensPerPair - 1)
        {
            throw new ArgumentException(
                $"KServeOptions.MinPassageTokens {minPassageTokens} leaves no room for a query at maximum length {length}.", nameof(minPassageTokens));
        }

        return new KServePairTokenizer(tokenizer.CreateEncoder(length, minPassageTokens), tokenizer);
    }

    /// <summary>Encodes the query once per call (cut as in process when too long).</summary>
    public EncodedQuery EncodeQuery(string query) => _encoder.EncodeQuery(query);

    /// <summary>The tensors of <paramref name="count"/> pairs from <paramref name="start"/>, padded to the longest.</summary>
    public KServeTensors Encode(EncodedQuery query, IReadOnlyList<string> passages, int start, int count)
    {
        var budget = _encoder.PassageBudget(query);
        var passageIds = new int[count][];
        var longest = 0;
        for (var i = 0; i < count; i++)
        {
            var passage = passages[start + i] ?? throw new ArgumentException($"passages[{start + i}] is null.", nameof(passages));
            passageIds[i] = _encoder.EncodeText(passage, budget);
            longest = Math.Max(longest, query.Ids.Length + passageIds[i].Length + _encoder.SpecialTokenCount);
        }

        var ids = new long[count * longest];
        var mask = new long[count * longest];
        var types = new long[count * longest];
        for (var row = 0; row < count; row++)
        {
            var rowIds = ids.AsSpan(row * longest, longest);
            var length = _encoder.WritePair(query.Ids, passageIds[row], rowIds, types.AsSpan(row * longest, longest));
            rowIds[length..].Fill(_encoder.PaddingTokenId);
            mask.AsSpan(row * longest, length).Fill(1);
        }

        return new KServeTensors(count, longest, ids, mask, types);
    }

    private static string? Existing(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        return File.Exists(path) ? path : null;
    }
}
