using System.Text.Json;
using LuceneRerank.Models;

namespace LuceneRerank.Text;

/// <summary>Reading Hugging Face <c>tokenizer.json</c> files, with errors that name the file.</summary>
internal static class TokenizerJson
{
    /// <summary>Parses <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not JSON.</exception>
    public static JsonDocument Parse(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Tokenizer file not found: {path}", path);
        }

        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

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
