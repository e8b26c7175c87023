using System.Text.Json;
using LuceneRerank.Models;
using Microsoft.ML.Tokenizers;

namespace LuceneRerank.Text;

/// <summary>
/// The SentencePiece Unigram tokenizer of XLM-RoBERTa models (for example BAAI/bge-reranker-base and
/// bge-reranker-v2-m3), run by Microsoft.ML.Tokenizers' <see cref="SentencePieceTokenizer"/>, with XLM-R's (fairseq's)
/// ids: <c>&lt;s&gt;</c> 0, <c>&lt;pad&gt;</c> 1, <c>&lt;/s&gt;</c> 2, <c>&lt;unk&gt;</c> 3, then the SentencePiece
/// pieces.
/// </summary>
/// <remarks>
/// Loaded from Hugging Face's <c>tokenizer.json</c> (a <c>Unigram</c> model whose ids are already final: its vocabulary
/// and scores are turned into a SentencePiece model) or from <c>sentencepiece.bpe.model</c> (SentencePiece ids moved by
/// fairseq's offset: piece id + 1, SentencePiece's own &lt;unk&gt; 0 → 3). As SentencePiece and Hugging Face do, a run
/// of unknown characters becomes one <c>&lt;unk&gt;</c>. Thread-safe.
/// </remarks>
internal sealed class XlmRobertaTokenizer
{
    private readonly SentencePieceTokenizer _tokenizer;
    private readonly SentencePieceNormalizer _normalizer;
    private readonly SentencePieceBpeSegmenter? _bpe;
    private readonly bool _fairseqOffset;

    private XlmRobertaTokenizer((SentencePieceTokenizer Tokenizer, SentencePieceNormalizer Normalizer, SentencePieceBpeSegmenter? Bpe) tokenizer, bool fairseqOffset, int vocabularySize, string sourcePath,
        int beginningId, int endId, int paddingId, int unknownId)
    {
        (_tokenizer, _normalizer, _bpe) = tokenizer;
        _fairseqOffset = fairseqOffset;
        VocabularySize = vocabularySize;
        SourcePath = sourcePath;
        BeginningOfSentenceId = beginningId;
        EndOfSentenceId = endId;
        PaddingId = paddingId;
        UnknownId = unknownId;
    }

    /// <summary>Number of token ids (the largest id plus one).</summary>
    public int VocabularySize { get; }

    /// <summary>The file the vocabulary was read from.</summary>
    public string SourcePath { get; }

    /// <summary>The <c>&lt;s&gt;</c> id (XLM-R: 0), which starts a pair.</summary>
    public int BeginningOfSentenceId { get; }

    /// <summary>The <c>&lt;/s&gt;</c> id (XLM-R: 2), which ends and separates the texts of a pair.</summary>
    public int EndOfSentenceId { get; }

    /// <summary>The <c>&lt;pad&gt;</c> id (XLM-R: 1).</summary>
    public int PaddingId { get; }

    /// <summary>The <c>&lt;unk&gt;</c> id (XLM-R: 3).</summary>
    public int UnknownId { get; }

    /// <summary>
    /// Loads Hugging Face's <c>tokenizer.json</c> with a <c>Unigram</c> model (vocabulary of [piece, score] pairs in
    /// id order, <c>unk_id</c>), its <c>Precompiled</c> normaliser and <c>Metaspace</c> pre-tokenizer.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not such a tokenizer; the message names it and the problem.</exception>
    public static XlmRobertaTokenizer FromTokenizerJson(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var document = TokenizerJson.Parse(path);
        var root = document.RootElement;
        var model = TokenizerJson.Model(root, path);
        var type = JsonValues.String(model, "type");
        if (type != "Unigram")
        {
            throw new InvalidDataException($"{path}: the tokenizer model is '{type}', not 'Unigram' (XLM-RoBERTa SentencePiece).");
        }

        if (JsonValues.Bool(model, "byte_fallback") == true)
        {
            throw new InvalidDataException($"{path}: Unigram models with byte_fallback are not supported.");
        }

        if (!model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Array || vocab.GetArrayLength() == 0)
        {
            throw new InvalidDataException($"{path}: 'model.vocab' is missing or is not a list of [piece, score] pairs.");
        }

        var pieces = new List<(string Piece, float Score, SentencePieceModelWriter.PieceType Type)>(vocab.GetArrayLength());
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in vocab.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() != 2 || entry[0].ValueKind != JsonValueKind.String ||
                entry[1].ValueKind != JsonValueKind.Number)
            {
                throw new InvalidDataException($"{path}: vocabulary entry {pieces.Count} is not a [piece, score] pair.");
            }

            var piece = entry[0].GetString()!;
            ids.TryAdd(piece, pieces.Count);
            pieces.Add((piece, entry[1].GetSingle(), SentencePieceModelWriter.PieceType.Normal));
        }

        var unknownId = JsonValues.Int(model, "unk_id")
            ?? throw new InvalidDataException($"{path}: 'model.unk_id' is missing; a Unigram model needs an unknown piece.");
        if (unknownId >= pieces.Count)
        {
            throw new InvalidDataException($"{path}: unk_id {unknownId} is outside the {pieces.Count}-piece vocabulary.");
        }

        var beginningId = RequiredId(ids, "<s>", path);
        var endId = RequiredId(ids, "</s>", path);
        var paddingId = RequiredId(ids, "<pad>", path);
        pieces[unknownId] = pieces[unknownId] with { Type = SentencePieceModelWriter.PieceType.Unknown };
        // Special tokens are control symbols: never produced from text, as the python sentencepiece library does.
        foreach (var special in SpecialTokens(root, ids).Append(beginningId).Append(endId).Append(paddingId))
        {
            if (special != unknownId)
            {
                pieces[special] = pieces[special] with { Type = SentencePieceModelWriter.PieceType.Control };
            }
        }

        var charsMap = PrecompiledCharsMap(root, path);
        var addDummyPrefix = AddsDummyPrefix(root, path);
        var bytes = SentencePieceModelWriter.Unigram(pieces, unknownId, beginningId, endId, paddingId, charsMap, addDummyPrefix);
        var tokenizer = Create(bytes, path);
        return new XlmRobertaTokenizer(tokenizer, fairseqOffset: false, pieces.Count, path, beginningId, endId, paddingId, unknownId);
    }

    /// <summary>
    /// Loads XLM-R's <c>sentencepiece.bpe.model</c> (a SentencePiece model with &lt;unk&gt; 0, &lt;s&gt; 1, &lt;/s&gt; 2)
    /// and numbers its pieces as fairseq and Hugging Face do: piece id + 1, &lt;unk&gt; 3, &lt;pad&gt; 1, and
    /// <c>&lt;mask&gt;</c> after the last piece.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not such a model; the message names it and the problem.</exception>
    public static XlmRobertaTokenizer FromSentencePieceModel(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Tokenizer file not found: {path}", path);
        }

        var created = Create(File.ReadAllBytes(path), path);
        var tokenizer = created.Tokenizer;
        if (tokenizer.UnknownId != 0 || tokenizer.BeginningOfSentenceId != 1 || tokenizer.EndOfSentenceId != 2)
        {
            throw new InvalidDataException(
                $"{path}: expected XLM-R's SentencePiece layout (<unk> 0, <s> 1, </s> 2) but found <unk> {tokenizer.UnknownId}, " +
                $"<s> {tokenizer.BeginningOfSentenceId}, </s> {tokenizer.EndOfSentenceId}.");
        }

        var pieceCount = tokenizer.Vocabulary.Values.Max() + 1;
        // fairseq: <s> 0, <pad> 1, </s> 2, <unk> 3, pieces from SentencePiece id 3 at id 4, <mask> last.
        return new XlmRobertaTokenizer(created, fairseqOffset: true, pieceCount + 2, path, 0, 2, 1, 3);
    }

    /// <summary>Encodes <paramref name="text"/> without special tokens.</summary>
    public int[] Encode(ReadOnlySpan<char> text)
    {
        var normalized = _normalizer.Normalize(text);
        IReadOnlyList<int> raw = _bpe is not null
            ? _bpe.Encode(normalized)
            : _tokenizer.EncodeToIds(normalized, addBeginningOfSentence: false, addEndOfSentence: false);
        var ids = new int[raw.Count];
        var count = 0;
        var rawUnknown = _tokenizer.UnknownId;
        var previousUnknown = false;
        foreach (var id in raw)
        {
            var unknown = id == rawUnknown;
            if (unknown && previousUnknown)
            {
                continue;
            }

            previousUnknown = unknown;
            ids[count++] = !_fairseqOffset ? id : unknown ? UnknownId : id + 1;
        }

        return count == ids.Length ? ids : ids[..count];
    }

    /// <summary>
    /// The model's normaliser (<see cref="SentencePieceNormalizer"/>, applied before segmentation), the tokenizer
    /// (created from a copy of the model with the identity normaliser; it segments Unigram models) and, for a BPE model,
    /// <see cref="SentencePieceBpeSegmenter"/>.
    /// </summary>
    private static (SentencePieceTokenizer Tokenizer, SentencePieceNormalizer Normalizer, SentencePieceBpeSegmenter? Bpe) Create(byte[] model, string path)
    {
        var normalizer = SentencePieceNormalizer.FromModel(model, path);
        var bpe = SentencePieceBpeSegmenter.TryCreate(model, path);
        try
        {
            using var stream = new MemoryStream(SentencePieceModelPatcher.WithIdentityNormalizer(model), writable: false);
            return (SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: false), normalizer, bpe);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path}: not a SentencePiece model Microsoft.ML.Tokenizers can run: {e.Message}", e);
        }
    }

    private static int RequiredId(Dictionary<string, int> ids, string token, string path) =>
        ids.TryGetValue(token, out var id)
            ? id
            : throw new InvalidDataException($"{path}: the vocabulary has no '{token}'; XLM-RoBERTa pairs need <s>, </s> and <pad>.");

    private static IEnumerable<int> SpecialTokens(JsonElement root, Dictionary<string, int> ids)
    {
        if (!root.TryGetProperty("added_tokens", out var added) || added.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var token in added.EnumerateArray())
        {
            if (JsonValues.Bool(token, "special") == true && JsonValues.String(token, "content") is { } content &&
                ids.TryGetValue(content, out var id))
            {
                yield return id;
            }
        }
    }

    /// <summary>The <c>Precompiled</c> normaliser's character map (alone or in a <c>Sequence</c>); empty when there is none.</summary>
    private static byte[] PrecompiledCharsMap(JsonElement root, string path)
    {
        if (!root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        byte[]? map = null;
        foreach (var step in Steps(normalizer, "normalizers"))
        {
            switch (JsonValues.String(step, "type"))
            {
                case "Precompiled":
                    var text = JsonValues.String(step, "precompiled_charsmap");
                    try
                    {
                        map = text is null ? [] : Convert.FromBase64String(text);
                    }
                    catch (FormatException e)
                    {
                        throw new InvalidDataException($"{path}: the Precompiled normalizer's charsmap is not base64: {e.Message}", e);
                    }

                    break;
                case "Replace" or "Strip":
                    // The " {2,}" → " " replacement and stripping that SentencePiece's remove_extra_whitespaces also does.
                    break;
                case var other:
                    throw new InvalidDataException(
                        $"{path}: normalizer '{other}' is not supported for a Unigram tokenizer (expected Precompiled, Replace, Strip).");
            }
        }

        return map ?? [];
    }

    /// <summary>Whether the <c>Metaspace</c> pre-tokenizer puts "▁" before the text (it does unless told "never").</summary>
    private static bool AddsDummyPrefix(JsonElement root, string path)
    {
        if (!root.TryGetProperty("pre_tokenizer", out var preTokenizer) || preTokenizer.ValueKind == JsonValueKind.Null)
        {
            throw new InvalidDataException($"{path}: no pre_tokenizer; a SentencePiece Unigram tokenizer needs Metaspace.");
        }

        var metaspace = Steps(preTokenizer, "pretokenizers").Where(s => JsonValues.String(s, "type") == "Metaspace").ToList();
        var others = Steps(preTokenizer, "pretokenizers").Select(s => JsonValues.String(s, "type"))
            .Where(t => t is not ("Metaspace" or "WhitespaceSplit")).ToList();
        if (metaspace.Count != 1 || others.Count > 0)
        {
            throw new InvalidDataException(
                $"{path}: pre_tokenizer must be Metaspace (optionally after WhitespaceSplit) for a SentencePiece Unigram tokenizer.");
        }

        var replacement = JsonValues.String(metaspace[0], "replacement");
        if (replacement is not null and not "\u2581")
        {
            throw new InvalidDataException($"{path}: Metaspace replacement '{replacement}' is not SentencePiece's '\u2581'.");
        }

        // "first" prepends to the first section only; each text here is one section.
        return JsonValues.String(metaspace[0], "prepend_scheme") != "never" && JsonValues.Bool(metaspace[0], "add_prefix_space") != false;
    }

    private static IEnumerable<JsonElement> Steps(JsonElement element, string listName) =>
        JsonValues.String(element, "type") == "Sequence" && element.TryGetProperty(listName, out var list) &&
        list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().ToList()
            : [element];
}
