namespace LuceneRerank.Text;

/// <summary>A cross-encoder's tokenizer as loaded from its model directory, ready to make a <see cref="IPairEncoder"/>.</summary>
internal sealed class LoadedPairTokenizer
{
    private readonly Func<int, int, IPairEncoder> _createEncoder;

    internal LoadedPairTokenizer(Func<int, int, IPairEncoder> createEncoder) => _createEncoder = createEncoder;

    /// <summary>Number of token ids (the largest id plus one).</summary>
    public required int VocabularySize { get; init; }

    /// <summary><c>model_max_length</c> from <c>tokenizer_config.json</c> (or tokenizer.json's truncation); null when not stated.</summary>
    public int? ModelMaxLength { get; init; }

    /// <summary>The vocabulary file read.</summary>
    public required string SourcePath { get; init; }

    /// <summary>What was loaded, in words (for <see cref="Reranking.RerankerDescription.Notes"/>).</summary>
    public required string Summary { get; init; }

    /// <summary>
    /// Positions of the model's position embedding that no token uses: 0 for BERT, 2 for RoBERTa-family models whose
    /// positions start after the padding id (so 514 position embeddings hold 512 tokens).
    /// </summary>
    public required int ReservedPositions { get; init; }

    /// <summary>Special tokens in one pair (BERT: 3, XLM-RoBERTa: 4).</summary>
    public required int SpecialTokensPerPair { get; init; }

    /// <summary>Whether pairs carry token types (BERT) or not (XLM-RoBERTa).</summary>
    public required bool UsesTokenTypes { get; init; }

    /// <summary>Makes the pair encoder for a maximum pair length and the passage tokens a query may not take.</summary>
    public IPairEncoder CreateEncoder(int maxLength, int minPassageTokens) => _createEncoder(maxLength, minPassageTokens);
}
