using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace LuceneRerank.Text;

/// <summary>
/// The byte-level BPE tokenizer of a Hugging Face <c>tokenizer.json</c>, as Qwen2/Qwen3, Llama 3 and GPT-2-style
/// models use it, built on Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/> (byte-level mode, its merges) with the
/// file's pre-tokenizer regex run over Unicode code points as Hugging Face's Rust library runs it
/// (<see cref="ByteLevelPreTokenizer"/>: a math letter such as <c>𝛼</c> is a letter, as it is there), the file's
/// <c>added_tokens</c> (chat markers such as <c>&lt;|im_start|&gt;</c>, <c>&lt;think&gt;</c>) matched verbatim first,
/// and its NFC normalizer. A lone surrogate in the text is read as U+FFFD, what it becomes in UTF-8.
/// </summary>
/// <remarks>
/// Supported <c>tokenizer.json</c> shapes: model <c>BPE</c> (no unknown token, no subword prefix/suffix, no byte
/// fallback); pre-tokenizer either <c>ByteLevel</c> with <c>use_regex: true</c> (the GPT-2 pattern) or a
/// <c>Sequence</c> of one <c>Split</c> (behaviour <c>Isolated</c>, with the Qwen2/Qwen3 or Llama 3 regex, see
/// <see cref="ByteLevelPreTokenizer.SupportedPatterns"/>) and a <c>ByteLevel</c> with <c>use_regex: false</c>;
/// normalizer absent or <c>NFC</c>. Anything else is refused with a
/// <see cref="InvalidDataException"/> naming what is unsupported, never tokenised differently.
/// No beginning-of-sequence token is added (Qwen's <c>add_bos_token</c> is false); prompt templates write the tokens they need.
/// Instances are immutable and thread-safe.
/// </remarks>
internal sealed class ByteLevelBpeTokenizer
{
    private readonly Dictionary<string, int> _addedTokenIds;

    private ByteLevelBpeTokenizer(Tokenizer tokenizer, bool nfc, IReadOnlyList<AddedToken> addedTokens, int vocabularySize)
    {
        Tokenizer = tokenizer;
        UsesNfc = nfc;
        AddedTokens = addedTokens;
        VocabularySize = vocabularySize;
        _addedTokenIds = addedTokens.ToDictionary(t => t.Content, t => t.Id, StringComparer.Ordinal);
    }

    /// <summary>The underlying Microsoft.ML.Tokenizers tokenizer (normalizer, pre-tokenizer and added tokens included).</summary>
    public Tokenizer Tokenizer { get; }

    /// <summary>Whether text is NFC-normalised before tokenisation (the file's normalizer is <c>NFC</c>).</summary>
    public bool UsesNfc { get; }

    /// <summary>The file's added tokens, in id order.</summary>
    public IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <summary>One more than the largest token id (base vocabulary and added tokens).</summary>
    public int VocabularySize { get; }

    /// <summary>Loads <c>tokenizer.json</c> from a model folder.</summary>
    /// <exception cref="FileNotFoundException">The folder has no <c>tokenizer.json</c>.</exception>
    public static ByteLevelBpeTokenizer FromDirectory(string modelDirectory) =>
        FromFile(Path.Combine(modelDirectory, "tokenizer.json"));

    /// <summary>Loads a <c>tokenizer.json</c> file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not valid JSON or describes an unsupported tokenizer; the message names it.</exception>
    public static ByteLevelBpeTokenizer FromFile(string tokenizerJsonPath)
    {
        ArgumentNullException.ThrowIfNull(tokenizerJsonPath);
        using var document = TokenizerJson.Parse(tokenizerJsonPath);
        try
        {
            return Build(tokenizerJsonPath, document.RootElement);
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
        {
            // A value of the wrong JSON kind (a string id, a missing "id"): name the file rather than the JSON API.
            throw new InvalidDataException($"{tokenizerJsonPath}: not a usable byte-level BPE tokenizer.json: {e.Message}", e);
        }
    }

    /// <summary>The text as the tokenizer sees it (NFC-normalised when the file asks for it); token offsets refer to it.</summary>
    public string Normalize(string text) => (UsesNfc ? NfcNormalizer.Instance : NfcNormalizer.ScalarValuesOnly).Normalize(text);

    /// <summary>Token ids of <paramref name="text"/>; added tokens in the text become their single ids.</summary>
    public int[] EncodeToIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? [] : [.. Tokenizer.EncodeToIds(text)];
    }

    /// <summary>
    /// Tokens of <paramref name="text"/> with their character offsets in <see cref="Normalize"/>(<paramref name="text"/>).
    /// </summary>
    public IReadOnlyList<EncodedToken> EncodeToTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? [] : Tokenizer.EncodeToTokens(text, out _);
    }

    /// <summary>The number of tokens of <paramref name="text"/>.</summary>
    public int CountTokens(string text) => text.Length == 0 ? 0 : Tokenizer.CountTokens(text);

    /// <summary>Text of token ids (added tokens are written out as their text).</summary>
    public string Decode(IEnumerable<int> ids) => Tokenizer.Decode(ids);

    /// <summary>
    /// The id of <paramref name="text"/> when it encodes to exactly one token (an added token or a vocabulary entry),
    /// else <c>null</c>. Used to check that a prompt's answer words ("yes", "no", labels) are single tokens.
    /// </summary>
    public int? SingleTokenId(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_addedTokenIds.TryGetValue(text, out var added))
        {
            return added;
        }

        var ids = EncodeToIds(text);
        return ids.Length == 1 ? ids[0] : null;
    }

    private static ByteLevelBpeTokenizer Build(string path, JsonElement root)
    {
        var model = Required(path, root, "model");
        var modelType = OptionalString(model, "type") ?? "BPE";
        if (modelType != "BPE")
        {
            throw new InvalidDataException($"{path}: model type '{modelType}' is not supported (only byte-level BPE).");
        }

        RequireEmpty(path, model, "continuing_subword_prefix");
        RequireEmpty(path, model, "end_of_word_suffix");
        RequireEmpty(path, model, "unk_token");
        if (model.TryGetProperty("byte_fallback", out var byteFallback) && byteFallback.ValueKind == JsonValueKind.True)
        {
            throw new InvalidDataException($"{path}: model.byte_fallback is true; byte-fallback BPE (SentencePiece style) is not supported.");
        }

        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in Required(path, model, "vocab").EnumerateObject())
        {
            vocabulary[entry.Name] = entry.Value.GetInt32();
        }

        var merges = new List<string>();
        foreach (var merge in Required(path, model, "merges").EnumerateArray())
        {
            merges.Add(merge.ValueKind switch
            {
                JsonValueKind.String => merge.GetString()!,
                JsonValueKind.Array when merge.GetArrayLength() == 2 => merge[0].GetString() + " " + merge[1].GetString(),
                _ => throw new InvalidDataException($"{path}: a model.merges entry is neither \"a b\" nor [\"a\", \"b\"]: {merge}"),
            });
        }

        var addedTokens = new List<AddedToken>();
        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in added.EnumerateArray())
            {
                addedTokens.Add(new AddedToken(
                    OptionalString(token, "content") ?? throw new InvalidDataException($"{path}: an added token has no content."),
                    token.GetProperty("id").GetInt32(),
                    token.TryGetProperty("special", out var special) && special.ValueKind == JsonValueKind.True));
            }
        }

        addedTokens.Sort((a, b) => a.Id.CompareTo(b.Id));
        var specialTokens = addedTokens.ToDictionary(t => t.Content, t => t.Id, StringComparer.Ordinal);
        var nfc = ReadNormalizer(path, root);
        var pattern = ReadPreTokenizerPattern(path, root);
        var options = new BpeOptions(vocabulary)
        {
            Merges = merges,
            SpecialTokens = specialTokens,
            ByteLevel = true,
            PreTokenizer = ByteLevelPreTokenizer.ForPattern(pattern, specialTokens.Keys) ?? throw new InvalidDataException(
                $"{path}: the pre-tokenizer regex {pattern} is not supported; supported are GPT-2's, Qwen2/Qwen3's and Llama 3's " +
                "(run over code points as Hugging Face's Rust tokenizers runs them)."),
            Normalizer = nfc ? NfcNormalizer.Instance : NfcNormalizer.ScalarValuesOnly,
        };
        var vocabularySize = Math.Max(vocabulary.Count == 0 ? 0 : vocabulary.Values.Max() + 1, addedTokens.Count == 0 ? 0 : addedTokens[^1].Id + 1);
        return new ByteLevelBpeTokenizer(BpeTokenizer.Create(options), nfc, addedTokens, vocabularySize);
    }

    private static bool ReadNormalizer(string path, JsonElement root)
    {
        if (!root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        var type = OptionalString(normalizer, "type");
        return type switch
        {
            "NFC" => true,
            _ => throw new InvalidDataException($"{path}: normalizer '{type}' is not supported (only none or NFC)."),
        };
    }

    private static string ReadPreTokenizerPattern(string path, JsonElement root)
    {
        var preTokenizer = Required(path, root, "pre_tokenizer");
        var type = OptionalString(preTokenizer, "type");
        if (type == "ByteLevel")
        {
            RequireNoPrefixSpace(path, preTokenizer);
            if (preTokenizer.TryGetProperty("use_regex", out var useRegex) && useRegex.ValueKind == JsonValueKind.False)
            {
                throw new InvalidDataException($"{path}: a lone ByteLevel pre-tokenizer with use_regex false is not supported.");
            }

            return ByteLevelPreTokenizer.Gpt2Pattern;
        }

        if (type == "Sequence" && preTokenizer.TryGetProperty("pretokenizers", out var steps) && steps.GetArrayLength() == 2)
        {
            var split = steps[0];
            var byteLevel = steps[1];
            if (OptionalString(split, "type") == "Split" && OptionalString(byteLevel, "type") == "ByteLevel"
                && OptionalString(split, "behavior") == "Isolated"
                && !(split.TryGetProperty("invert", out var invert) && invert.ValueKind == JsonValueKind.True)
                && !(byteLevel.TryGetProperty("use_regex", out var useRegex) && useRegex.ValueKind == JsonValueKind.True)
                && split.TryGetProperty("pattern", out var pattern) && pattern.TryGetProperty("Regex", out var regex))
            {
                RequireNoPrefixSpace(path, byteLevel);
                return regex.GetString()!;
            }
        }

        throw new InvalidDataException(
            $"{path}: pre_tokenizer {preTokenizer.GetRawText()[..Math.Min(200, preTokenizer.GetRawText().Length)]} is not supported " +
            "(expected ByteLevel with use_regex, or Sequence [Split regex Isolated, ByteLevel without regex]).");
    }

    private static void RequireNoPrefixSpace(string path, JsonElement byteLevel)
    {
        if (byteLevel.TryGetProperty("add_prefix_space", out var prefix) && prefix.ValueKind == JsonValueKind.True)
        {
            throw new InvalidDataException($"{path}: ByteLevel add_prefix_space true is not supported.");
        }
    }

    private static JsonElement Required(string path, JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new InvalidDataException($"{path}: required field '{name}' is missing.");

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void RequireEmpty(string path, JsonElement model, string name)
    {
        if (OptionalString(model, name) is { Length: > 0 } value)
        {
            throw new InvalidDataException($"{path}: model.{name} '{value}' is not supported by byte-level BPE.");
        }
    }
}
