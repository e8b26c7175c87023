using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace LuceneRerank.Text;

/// <summary>
/// The tokenizer of T5-family models: a SentencePiece model (<c>spiece.model</c>, Unigram or BPE) normalised as the
/// model's <c>normalizer_spec</c> says (character map, dummy prefix, whitespace rules; see
/// <see cref="SentencePieceNormalizer"/>) and segmented by Microsoft.ML.Tokenizers' <see cref="SentencePieceTokenizer"/>
/// (Unigram) or by <see cref="SentencePieceBpeSegmenter"/> (BPE, whose equal-score merges it orders as sentencepiece does), with the end-of-sentence token appended as T5 does
/// and the <c>&lt;extra_id_N&gt;</c> sentinel tokens that Hugging Face's <c>T5Tokenizer</c> adds after the
/// SentencePiece vocabulary (<c>&lt;extra_id_N&gt;</c> = piece count + extra ids − 1 − N).
/// </summary>
/// <remarks>Thread-safe: encoding keeps no state between calls.</remarks>
internal sealed class T5SentencePieceTokenizer
{
    private const string ExtraIdPrefix = "<extra_id_";
    private readonly SentencePieceTokenizer _tokenizer;
    private readonly SentencePieceNormalizer _normalizer;
    private readonly SentencePieceBpeSegmenter? _bpe;
    private readonly int _pieceCount;

    private T5SentencePieceTokenizer(SentencePieceTokenizer tokenizer, SentencePieceNormalizer normalizer, SentencePieceBpeSegmenter? bpe, int extraIds)
    {
        _tokenizer = tokenizer;
        _normalizer = normalizer;
        _bpe = bpe;
        _pieceCount = tokenizer.Vocabulary.Values.Max() + 1;
        ExtraIds = extraIds;
    }

    /// <summary>Number of <c>&lt;extra_id_N&gt;</c> sentinel tokens after the SentencePiece vocabulary (T5: 100).</summary>
    public int ExtraIds { get; }

    /// <summary>Number of token ids: SentencePiece pieces plus <see cref="ExtraIds"/>.</summary>
    public int VocabularySize => _pieceCount + ExtraIds;

    /// <summary>The end-of-sentence id appended to every encoded input (T5: 1).</summary>
    public int EndOfSentenceId => _tokenizer.EndOfSentenceId;

    /// <summary>The id of unknown text (T5: 2).</summary>
    public int UnknownId => _tokenizer.UnknownId;

    /// <summary>
    /// Loads <paramref name="modelPath"/> (a SentencePiece <c>ModelProto</c> file). Throws
    /// <see cref="FileNotFoundException"/> when it is missing and <see cref="InvalidDataException"/> naming the file
    /// when Microsoft.ML.Tokenizers cannot read it.
    /// </summary>
    /// <param name="modelPath">Path of <c>spiece.model</c>.</param>
    /// <param name="extraIds">Sentinel tokens after the vocabulary; T5 checkpoints use 100.</param>
    public static T5SentencePieceTokenizer Load(string modelPath, int extraIds = 100)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ArgumentOutOfRangeException.ThrowIfNegative(extraIds);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"SentencePiece model file not found: {modelPath}", modelPath);
        }

        SentencePieceTokenizer tokenizer;
        var bytes = File.ReadAllBytes(modelPath);
        var normalizer = SentencePieceNormalizer.FromModel(bytes, modelPath);
        var bpe = SentencePieceBpeSegmenter.TryCreate(bytes, modelPath);
        try
        {
            // T5's spiece.model has no BOS (bos_id -1), which Microsoft.ML.Tokenizers 2.0.1 cannot load; the text is
            // normalised by SentencePieceNormalizer, so the tokenizer's own normaliser is turned off.
            using var stream = new MemoryStream(SentencePieceModelPatcher.WithIdentityNormalizer(SentencePieceModelPatcher.WithUsableBeginningOfSentenceId(bytes)));
            tokenizer = SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"'{modelPath}' is not a SentencePiece model this library can read: {e.Message}", e);
        }

        if (tokenizer.EndOfSentenceId < 0)
        {
            throw new InvalidDataException($"SentencePiece model '{modelPath}' has no end-of-sentence token; T5 models need one.");
        }

        return new T5SentencePieceTokenizer(tokenizer, normalizer, bpe, extraIds);
    }

    /// <summary>Encodes <paramref name="text"/> (normalised as the model says), appending the end-of-sentence id.</summary>
    public int[] Encode(string text) => Encode(text, addEndOfSentence: true);

    /// <summary>Encodes <paramref name="text"/>, appending the end-of-sentence id when asked.</summary>
    /// <remarks>
    /// As the SentencePiece library does, a run of characters outside the vocabulary becomes one unknown id
    /// (Microsoft.ML.Tokenizers emits one per character), and the end-of-sentence id is appended even to empty text.
    /// </remarks>
    public int[] Encode(string text, bool addEndOfSentence)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = _normalizer.Normalize(text);
        IReadOnlyList<int> raw = _bpe is not null
            ? _bpe.Encode(normalized)
            : _tokenizer.EncodeToIds(normalized, addBeginningOfSentence: false, addEndOfSentence: false);
        var ids = new int[raw.Count + (addEndOfSentence ? 1 : 0)];
        var count = 0;
        var unknown = UnknownId;
        foreach (var id in raw)
        {
            if (id == unknown && count > 0 && ids[count - 1] == unknown)
            {
                continue;
            }

            ids[count++] = id;
        }

        if (addEndOfSentence)
        {
            ids[count++] = EndOfSentenceId;
        }

        return count == ids.Length ? ids : ids[..count];
    }

    /// <summary>Counts the tokens of <paramref name="text"/> without the end-of-sentence id.</summary>
    public int CountTokens(string text) => Encode(text, addEndOfSentence: false).Length;

    /// <summary>
    /// The longest prefix of <paramref name="text"/>, cut at a whitespace boundary (or, for a single overlong word, at
    /// a character), that encodes to at most <paramref name="maxTokens"/> tokens. Returns the text itself when it fits.
    /// </summary>
    public string TruncateToTokens(string text, int maxTokens) => TokenPrefix.Longest(text, maxTokens, CountTokens);

    /// <summary>
    /// The id of <paramref name="label"/> when it is exactly one token: an <c>&lt;extra_id_N&gt;</c> sentinel, or a
    /// string that encodes (without end-of-sentence) to a single id. Returns <see langword="false"/> otherwise.
    /// </summary>
    public bool TryGetSingleTokenId(string label, out int id)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (label.StartsWith(ExtraIdPrefix, StringComparison.Ordinal) && label.EndsWith('>')
            && int.TryParse(label.AsSpan(ExtraIdPrefix.Length, label.Length - ExtraIdPrefix.Length - 1),
                NumberStyles.None, CultureInfo.InvariantCulture, out var sentinel))
        {
            id = _pieceCount + ExtraIds - 1 - sentinel;
            return sentinel < ExtraIds;
        }

        var ids = Encode(label, addEndOfSentence: false);
        id = ids.Length == 1 ? ids[0] : -1;
        return ids.Length == 1 && id != UnknownId;
    }

    /// <summary>
    /// Like <see cref="TryGetSingleTokenId"/>, but throws <see cref="InvalidDataException"/> naming the label, what it
    /// encodes to and <paramref name="what"/> (for example "the manifest's positiveLabel").
    /// </summary>
    public int GetSingleTokenId(string label, string what)
    {
        if (TryGetSingleTokenId(label, out var id))
        {
            return id;
        }

        var pieces = string.Join(", ", Encode(label, addEndOfSentence: false));
        throw new InvalidDataException(
            $"{what} '{label}' is not a single token of this SentencePiece vocabulary (it encodes to ids [{pieces}]); " +
            "choose a label that is one token, for example one the model was trained to emit.");
    }
}
