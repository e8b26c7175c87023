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
