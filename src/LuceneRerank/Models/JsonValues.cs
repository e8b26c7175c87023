using System.Text.Json;

namespace LuceneRerank.Models;

/// <summary>Tolerant readers of optional values in Hugging Face JSON files (absent or null gives null).</summary>
internal static class JsonValues
{
    /// <summary>An integer property; null when absent, null, not an integer or beyond <see cref="int.MaxValue"/>.</summary>
    public static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number &&
        value.TryGetInt64(out var number) && number is >= 0 and <= int.MaxValue
            ? (int)number
            : null;

    /// <summary>The smallest <c>max_position_embeddings</c> a reranker can use (special tokens plus one query and one passage token).</summary>
    public const int MinPositions = 4;

    /// <summary>The largest <c>max_position_embeddings</c> taken as meant (2^24; no released model comes near).</summary>
    public const int MaxPositions = 1 << 24;

    /// <summary>
    /// <c>max_position_embeddings</c>: null when absent or null; otherwise an integer within
    /// [<see cref="MinPositions"/>, <see cref="MaxPositions"/>], else <see cref="InvalidDataException"/> naming the file,
    /// the field and the value.
    /// </summary>
    public static int? MaxPositionEmbeddings(JsonElement root, string path)
    {
        const string Name = "max_position_embeddings";
        if (!root.TryGetProperty(Name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number is >= MinPositions and <= MaxPositions)
        {
            return (int)number;
        }

        throw new InvalidDataException(
            $"{path}: \"{Name}\" is {value.GetRawText()}; expected an integer from {MinPositions} to {MaxPositions} (the longest input the model takes)");
    }

    /// <summary>A boolean property; null when absent or not a boolean.</summary>
    public static bool? Bool(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    /// <summary>
    /// A string property, or the <c>content</c> of an added-token object (how newer tokenizer_config.json files
    /// write special tokens); null otherwise.
    /// </summary>
    public static string? String(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object when value.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                => content.GetString(),
            _ => null,
        };
    }
}
