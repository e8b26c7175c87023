using System.Text.Json;
using LuceneRerank.Models;

namespace LuceneRerank.Text;

/// <summary>
/// Reading Hugging Face tokenizer files (<c>tokenizer.json</c>, <c>tokenizer_config.json</c>), with errors that name
/// the file.
/// </summary>
internal static class TokenizerJson
{
    /// <summary>Largest <c>model_max_length</c> taken as a real limit; Hugging Face writes 1e30 for "no limit".</summary>
    private const double MaxSensibleLength = 1_000_000;

    /// <summary>Parses <paramref name="path"/>, which must hold a JSON object.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not JSON, or not a JSON object.</exception>
    public static JsonDocument Parse(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Tokenizer file not found: {path}", path);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind;
            document.Dispose();
            throw new InvalidDataException($"{path}: expected a JSON object, found {kind}.");
        }

        return document;
    }

    /// <summary>
    /// <c>model_max_length</c> of a <c>tokenizer_config.json</c> root when it is a real limit (positive, at most a
    /// million); null otherwise.
    /// </summary>
    public static int? ModelMaxLength(JsonElement root) =>
        root.TryGetProperty("model_max_length", out var max) && max.ValueKind == JsonValueKind.Number &&
        max.TryGetDouble(out var length) && length is >= 1 and <= MaxSensibleLength
            ? (int)length
            : null;

    /// <summary>The <c>model</c> object.</summary>
    /// <exception cref="InvalidDataException">There is none.</exception>
    public static JsonElement Model(JsonElement root, string path) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.Object
            ? model
            : throw new InvalidDataException($"{path}: no 'model' object; this is not a Hugging Face tokenizer.json.");

    /// <summary>The <c>model.type</c> (for example <c>WordPiece</c>, <c>Unigram</c>, <c>BPE</c>); null when not stated.</summary>
    public static string? ModelType(string path)
    {
        using var document = Parse(path);
        return JsonValues.String(Model(document.RootElement, path), "type");
    }
}
