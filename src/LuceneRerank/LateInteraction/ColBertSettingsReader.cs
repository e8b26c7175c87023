using System.Text.Json;
using LuceneRerank.Models;

namespace LuceneRerank.LateInteraction;

/// <summary>
/// Reads <see cref="ColBertSettings"/> from <c>artifact.metadata</c> (Stanford ColBERT) or
/// <c>config_sentence_transformers.json</c> (PyLate). Lengths are required; other settings left out of a file take the
/// published default of its library (recorded in <see cref="ColBertSettings.Defaulted"/>). When both files are present
/// they must agree on the lengths and on attending to expansion tokens; PyLate's then wins (its ONNX export is what
/// <c>onnx/model.onnx</c> holds).
/// </summary>
internal static class ColBertSettingsReader
{
    /// <summary>Python's <c>string.punctuation</c>: the symbols ColBERT's <c>mask_punctuation</c> and PyLate's default skip-list name.</summary>
    public const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>Reads the settings of <paramref name="files"/>, for the layout asked (null: from the files present).</summary>
    /// <exception cref="InvalidDataException">A file is not JSON, lacks a required field, has a field of the wrong type, or the two files disagree.</exception>
    /// <exception cref="FileNotFoundException">The layout asked for has no settings file.</exception>
    public static ColBertSettings Read(ColBertModelFiles files, ColBertLayout? layout)
    {
        ArgumentNullException.ThrowIfNull(files);
        var colbert = files.ArtifactMetadataPath is { } artifact && layout is null or ColBertLayout.ColBertV2 ? ReadArtifact(artifact) : null;
        var pylate = files.SentenceTransformersConfigPath is { } st && layout is null or ColBertLayout.PyLate ? ReadPyLate(st) : null;
        if (colbert is null && pylate is null)
        {
            var name = layout == ColBertLayout.PyLate ? ColBertModelFiles.SentenceTransformersConfig : ColBertModelFiles.ArtifactMetadata;
            throw new FileNotFoundException($"{files.Directory} has no {name}, which the {layout} layout reads.", Path.Combine(files.Directory, name));
        }

        if (colbert is not null && pylate is not null)
        {
            Agree(colbert, pylate, "query length (query_maxlen / query_length)", s => s.QueryLength);
            Agree(colbert, pylate, "document length (doc_maxlen / document_length)", s => s.DocumentLength);
            Agree(colbert, pylate, "attention to expansion tokens (attend_to_mask_tokens / attend_to_expansion_tokens)", s => s.AttendToExpansionTokens);
        }

        return pylate ?? colbert!;
    }

    private static void Agree<T>(ColBertSettings colbert, ColBertSettings pylate, string what, Func<ColBertSettings, T> value)
    {
        if (!EqualityComparer<T>.Default.Equals(value(colbert), value(pylate)))
        {
            throw new InvalidDataException(
                $"The model's config files contradict each other on the {what}: {colbert.SourcePath} says {value(colbert)}, " +
                $"{pylate.SourcePath} says {value(pylate)}. Remove the stale file or choose a layout (ColBertEncoderOptions.Layout).");
        }
    }

    private static ColBertSettings ReadArtifact(string path)
    {
        using var document = Parse(path);
        var root = document.RootElement;
        var defaulted = new List<string>();
        var similarity = OptionalString(root, "similarity", path);
        if (similarity is not null and not "cosine")
        {
            throw new InvalidDataException(
                $"{path}: \"similarity\" is \"{similarity}\"; only \"cosine\" (MaxSim of L2-normalised vectors) is supported.");
        }

        return new ColBertSettings
        {
            Layout = ColBertLayout.ColBertV2,
            SourcePath = path,
            // ColBERTConfig's defaults when a checkpoint's metadata leaves a field out.
            QueryMarker = OptionalString(root, "query_token_id", path) ?? Default("query_token_id", "[unused0]", defaulted),
            DocumentMarker = OptionalString(root, "doc_token_id", path) ?? Default("doc_token_id", "[unused1]", defaulted),
            QueryLength = RequiredLength(root, "query_maxlen", path),
            DocumentLength = RequiredLength(root, "doc_maxlen", path),
            QueryExpansion = true,
            AttendToExpansionTokens = OptionalBool(root, "attend_to_mask_tokens", path) ?? Default("attend_to_mask_tokens", false, defaulted),
            MaskPunctuation = OptionalBool(root, "mask_punctuation", path) ?? Default("mask_punctuation", true, defaulted),
            Dimension = OptionalInt(root, "dim", path),
            Defaulted = defaulted,
        };
    }

    private static ColBertSettings ReadPyLate(string path)
    {
        using var document = Parse(path);
        var root = document.RootElement;
        var defaulted = new List<string>();
        var skiplist = root.TryGetProperty("skiplist_words", out var words) && words.ValueKind != JsonValueKind.Null
            ? ReadWords(words, path)
            : Default<IReadOnlyList<string>>("skiplist_words", Punctuation.Select(c => c.ToString()).ToArray(), defaulted);
        return new ColBertSettings
        {
            Layout = ColBertLayout.PyLate,
            SourcePath = path,
            QueryMarker = OptionalString(root, "query_prefix", path)
                ?? throw new InvalidDataException($"{path}: \"query_prefix\" (the query marker token) is missing; this is not a PyLate ColBERT config."),
            DocumentMarker = OptionalString(root, "document_prefix", path)
                ?? throw new InvalidDataException($"{path}: \"document_prefix\" (the document marker token) is missing; this is not a PyLate ColBERT config."),
            QueryLength = RequiredLength(root, "query_length", path),
            DocumentLength = RequiredLength(root, "document_length", path),
            // PyLate's ColBERT defaults.
            QueryExpansion = OptionalBool(root, "do_query_expansion", path) ?? Default("do_query_expansion", true, defaulted),
            AttendToExpansionTokens = OptionalBool(root, "attend_to_expansion_tokens", path) ?? Default("attend_to_expansion_tokens", false, defaulted),
            SkiplistWords = skiplist,
            Defaulted = defaulted,
        };
    }

    private static T Default<T>(string name, T value, List<string> defaulted)
    {
        defaulted.Add($"{name}={value switch { bool b => b ? "true" : "false", IReadOnlyList<string> l => $"[{l.Count} words]", _ => value?.ToString() }}");
        return value;
    }

    private static IReadOnlyList<string> ReadWords(JsonElement words, string path)
    {
        if (words.ValueKind != JsonValueKind.Array || words.EnumerateArray().Any(w => w.ValueKind != JsonValueKind.String))
        {
            throw new InvalidDataException($"{path}: \"skiplist_words\" must be an array of strings, not {words.GetRawText()}.");
        }

        return words.EnumerateArray().Select(w => w.GetString()!).ToArray();
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new InvalidDataException($"{path} is not a JSON object.");
            }

            return document;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    private static int RequiredLength(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new InvalidDataException($"{path}: \"{name}\" is missing; the ColBERT length must be stated by the model.");
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var length) && length >= 4
            ? length
            : throw new InvalidDataException($"{path}: \"{name}\" is {value.GetRawText()}; expected an integer of at least 4 tokens.");
    }

    private static int? OptionalInt(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 1
            ? number
            : throw new InvalidDataException($"{path}: \"{name}\" is {value.GetRawText()}; expected a positive integer.");
    }

    private static bool? OptionalBool(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw new InvalidDataException($"{path}: \"{name}\" is {value.GetRawText()}; expected true or false.");
    }

    private static string? OptionalString(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return JsonValues.String(root, name) is { Length: > 0 } text
            ? text
            : throw new InvalidDataException($"{path}: \"{name}\" is {value.GetRawText()}; expected a non-empty token string.");
    }
}
