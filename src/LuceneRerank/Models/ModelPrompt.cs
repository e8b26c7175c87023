using System.Text.Json;
using System.Text.Json.Serialization;

namespace LuceneRerank.Models;

/// <summary>
/// The open <c>prompt</c> section of a manifest, for LLM rerankers. The named members are the common ones; any other key
/// is kept in <see cref="Other"/> so each reranker can define what it needs without a schema change.
/// </summary>
public sealed record ModelPrompt
{
    /// <summary>
    /// The prompt template. Placeholders in braces, for example <c>{query}</c>, <c>{document}</c>, <c>{passages}</c>,
    /// <c>{first_stage_score}</c>; each reranker documents the ones it fills.
    /// </summary>
    public string? Template { get; init; }

    /// <summary>An optional system message.</summary>
    public string? System { get; init; }

    /// <summary>Text that follows the filled template and is never truncated (for example an assistant prefix).</summary>
    public string? Suffix { get; init; }

    /// <summary>Label strings by role, for example <c>{"yes": "yes", "no": "no"}</c> or passage labels <c>{"1": "[1]"}</c>.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Every other key of the section, as JSON.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }

    /// <summary>The string value of an extra key, or null when absent or not a string.</summary>
    public string? GetString(string key) =>
        Other is not null && Other.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
