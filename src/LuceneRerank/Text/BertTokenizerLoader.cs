using System.Text;
using System.Text.Json;
using LuceneRerank.Models;
using Microsoft.ML.Tokenizers;

namespace LuceneRerank.Text;

/// <summary>
/// Loads a BERT WordPiece tokenizer (Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/>) from the files of a
/// Hugging Face model directory: <c>vocab.txt</c>, or the WordPiece vocabulary inside <c>tokenizer.json</c> when
/// only that is present, with lower-casing, accent stripping, CJK splitting, special tokens and maximum length read
/// from <c>tokenizer.json</c>'s normalizer and <c>tokenizer_config.json</c>, following Hugging Face's rules
/// (<c>strip_accents</c> unset means "same as lower-casing").
/// </summary>
internal static class BertTokenizerLoader
{
    /// <summary>Loads the tokenizer. At least one of <paramref name="vocabPath"/> and <paramref name="tokenizerJsonPath"/> is needed.</summary>
    /// <exception cref="FileNotFoundException">A named file does not exist, or neither vocabulary file was given.</exception>
    /// <exception cref="InvalidDataException">A file is not what it should be; the message names the file and the problem.</exception>
    public static LoadedBertTokenizer Load(string? vocabPath, string? tokenizerJsonPath, string? tokenizerConfigPath)
    {
        if (vocabPath is null && tokenizerJsonPath is null)
        {
            throw new FileNotFoundException("A BERT tokenizer needs vocab.txt or tokenizer.json; neither was given.");
        }

        var settings = new Settings();
        if (tokenizerConfigPath is not null)
        {
            using var config = TokenizerJson.Parse(tokenizerConfigPath);
            ReadTokenizerConfig(config.RootElement, settings);
        }

        byte[] vocabulary;
        string source;
        if (vocabPath is not null)
        {
            RequireFile(vocabPath);
            vocabulary = File.ReadAllBytes(vocabPath);
            source = vocabPath;
            if (tokenizerJsonPath is not null)
            {
                using var json = TokenizerJson.Parse(tokenizerJsonPath);
                ReadTokenizerJsonSettings(json.RootElement, settings, tokenizerJsonPath);
            }
        }
        else
        {
            using var json = TokenizerJson.Parse(tokenizerJsonPath!);
            ReadTokenizerJsonSettings(json.RootElement, settings, tokenizerJsonPath!);
            vocabulary = VocabularyFromTokenizerJson(json.RootElement, tokenizerJsonPath!);
            source = tokenizerJsonPath!;
        }

        var tokenCount = CountLines(vocabulary);
        if (tokenCount == 0)
        {
            throw new InvalidDataException($"{source}: the WordPiece vocabulary is empty.");
        }

        var lowerCase = settings.LowerCase ?? true;
        var stripAccents = settings.StripAccents ?? lowerCase;
        var options = new BertOptions
        {
            LowerCaseBeforeTokenization = lowerCase,
            RemoveNonSpacingMarks = stripAccents,
            IndividuallyTokenizeCjk = settings.TokenizeChineseChars ?? true,
            ApplyBasicTokenization = true,
            SplitOnSpecialTokens = true,
            UnknownToken = settings.UnknownToken ?? "[UNK]",
            SeparatorToken = settings.SeparatorToken ?? "[SEP]",
            ClassificationToken = settings.ClassificationToken ?? "[CLS]",
            PaddingToken = settings.PaddingToken ?? "[PAD]",
            MaskingToken = settings.MaskingToken ?? "[MASK]",
        };
        // Microsoft.ML.Tokenizers' BERT normalizer and pre-tokenizer differ from Hugging Face's (they drop symbols such
        // as '=' and '±' and join words across tabs and line breaks); use faithful ones so ids match the model's training.
        var specialTokens = SpecialTokenIds(vocabulary,
            [options.UnknownToken, options.SeparatorToken, options.ClassificationToken, options.PaddingToken, options.MaskingToken]);
        options.Normalizer = new HuggingFaceBertNormalizer(lowerCase, stripAccents, options.IndividuallyTokenizeCjk, specialTokens.Keys);
        options.PreTokenizer = HuggingFaceBertPreTokenizer.Create(specialTokens);
        if (settings.MaxInputCharsPerWord is { } maxChars)
        {
            options.MaxInputCharsPerWord = maxChars;
        }

        BertTokenizer tokenizer;
        try
        {
            tokenizer = BertTokenizer.Create(new MemoryStream(vocabulary, writable: false), options);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source}: not a usable BERT WordPiece vocabulary: {e.Message}", e);
        }

        return new LoadedBertTokenizer
        {
            Tokenizer = tokenizer,
            VocabularySize = tokenCount,
            ModelMaxLength = settings.ModelMaxLength,
            LowerCase = lowerCase,
            StripAccents = stripAccents,
            SourcePath = source,
        };
    }

    /// <summary>The ids of the special tokens that are in the vocabulary.</summary>
    private static Dictionary<string, int> SpecialTokenIds(byte[] vocabulary, string[] tokens)
    {
        var wanted = tokens.ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        var id = 0;
        foreach (var line in Encoding.UTF8.GetString(vocabulary).Split('\n'))
        {
            var token = line.TrimEnd('\r');
            if (wanted.Contains(token))
            {
                found.TryAdd(token, id);
            }

            id++;
        }

        return found;
    }

    private static void ReadTokenizerConfig(JsonElement root, Settings settings)
    {
        settings.LowerCase = JsonValues.Bool(root, "do_lower_case") ?? settings.LowerCase;
        settings.StripAccents = JsonValues.Bool(root, "strip_accents") ?? settings.StripAccents;
        settings.TokenizeChineseChars = JsonValues.Bool(root, "tokenize_chinese_chars") ?? settings.TokenizeChineseChars;
        settings.UnknownToken = JsonValues.String(root, "unk_token") ?? settings.UnknownToken;
        settings.SeparatorToken = JsonValues.String(root, "sep_token") ?? settings.SeparatorToken;
        settings.ClassificationToken = JsonValues.String(root, "cls_token") ?? settings.ClassificationToken;
        settings.PaddingToken = JsonValues.String(root, "pad_token") ?? settings.PaddingToken;
        settings.MaskingToken = JsonValues.String(root, "mask_token") ?? settings.MaskingToken;
        settings.ModelMaxLength = TokenizerJson.ModelMaxLength(root) ?? settings.ModelMaxLength;
    }

    private static void ReadTokenizerJsonSettings(JsonElement root, Settings settings, string path)
    {
        var model = TokenizerJson.Model(root, path);
        var type = JsonValues.String(model, "type");
        if (type is not null && type != "WordPiece")
        {
            throw new InvalidDataException(
                $"{path}: the tokenizer model is '{type}', not 'WordPiece'; only BERT-family WordPiece tokenizers are supported.");
        }

        var prefix = JsonValues.String(model, "continuing_subword_prefix");
        if (prefix is not null && prefix != "##")
        {
            throw new InvalidDataException($"{path}: continuing_subword_prefix '{prefix}' is not BERT's '##'.");
        }

        settings.UnknownToken ??= JsonValues.String(model, "unk_token");
        settings.MaxInputCharsPerWord = JsonValues.Int(model, "max_input_chars_per_word");
        if (root.TryGetProperty("normalizer", out var normalizer) && normalizer.ValueKind == JsonValueKind.Object &&
            JsonValues.String(normalizer, "type") == "BertNormalizer")
        {
            // tokenizer.json is what the fast tokenizer actually runs, so its normalizer wins over tokenizer_config.json.
            settings.LowerCase = JsonValues.Bool(normalizer, "lowercase") ?? settings.LowerCase;
            if (normalizer.TryGetProperty("strip_accents", out var strip) && strip.ValueKind != JsonValueKind.Null)
            {
                settings.StripAccents = JsonValues.Bool(normalizer, "strip_accents");
            }

            settings.TokenizeChineseChars = JsonValues.Bool(normalizer, "handle_chinese_chars") ?? settings.TokenizeChineseChars;
        }

        if (settings.ModelMaxLength is null && root.TryGetProperty("truncation", out var truncation) &&
            truncation.ValueKind == JsonValueKind.Object && JsonValues.Int(truncation, "max_length") is { } max and > 0)
        {
            settings.ModelMaxLength = max;
        }
    }

    /// <summary>Writes tokenizer.json's <c>model.vocab</c> (token → id) as vocab.txt lines ordered by id.</summary>
    private static byte[] VocabularyFromTokenizerJson(JsonElement root, string path)
    {
        if (!root.GetProperty("model").TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{path}: 'model.vocab' is missing or is not a token → id object.");
        }

        var tokens = new string?[vocab.EnumerateObject().Count()];
        foreach (var entry in vocab.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0 || id >= tokens.Length)
            {
                throw new InvalidDataException(
                    $"{path}: token '{entry.Name}' has id {entry.Value}, outside 0..{tokens.Length - 1}; the vocabulary ids must be contiguous.");
            }

            if (tokens[id] is not null)
            {
                throw new InvalidDataException($"{path}: id {id} is given to both '{tokens[id]}' and '{entry.Name}'.");
            }

            if (entry.Name.Contains('\n') || entry.Name.Contains('\r'))
            {
                throw new InvalidDataException($"{path}: token with id {id} contains a line break.");
            }

            tokens[id] = entry.Name;
        }

        var builder = new StringBuilder(tokens.Length * 8);
        foreach (var token in tokens)
        {
            builder.Append(token).Append('\n');
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static void RequireFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Tokenizer file not found: {path}", path);
        }
    }

    private static int CountLines(byte[] text)
    {
        var lines = 0;
        var lineHasContent = false;
        foreach (var b in text)
        {
            if (b == (byte)'\n')
            {
                lines++;
                lineHasContent = false;
            }
            else if (b != (byte)'\r')
            {
                lineHasContent = true;
            }
        }

        return lines + (lineHasContent ? 1 : 0);
    }

    private sealed class Settings
    {
        public bool? LowerCase { get; set; }

        public bool? StripAccents { get; set; }

        public bool? TokenizeChineseChars { get; set; }

        public int? ModelMaxLength { get; set; }

        public int? MaxInputCharsPerWord { get; set; }

        public string? UnknownToken { get; set; }

        public string? SeparatorToken { get; set; }

        public string? ClassificationToken { get; set; }

        public string? PaddingToken { get; set; }

        public string? MaskingToken { get; set; }
    }
}
