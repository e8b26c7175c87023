using System.Globalization;
using System.Text.Json;

namespace LuceneRerank.Models;

/// <summary>
/// Reads one reranker's <see cref="ModelPrompt"/> from a <see cref="ModelManifest"/>: checks the manifest's kind, and
/// that the prompt has no key the reranker does not read (a typo must not pass silently); every problem is an
/// <see cref="InvalidDataException"/> naming the model, the kind and the key.
/// </summary>
internal sealed class ModelPromptReader
{
    private readonly ModelPrompt _prompt;

    private ModelPromptReader(ModelManifest manifest, ModelPrompt prompt)
    {
        Manifest = manifest;
        _prompt = prompt;
    }

    /// <summary>The manifest read.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>How errors name the prompt, for example <c>model manifest 'Qwen/Qwen3-Reranker-0.6B' (llm-pointwise) prompt</c>.</summary>
    public string Source => $"model manifest '{Manifest.Name}' ({Manifest.Kind}) prompt";

    /// <summary>
    /// Opens <paramref name="manifest"/>'s prompt for a reranker of one of <paramref name="kinds"/> that reads the keys
    /// <paramref name="keys"/> (typed ones included: <c>template</c>, <c>system</c>, <c>suffix</c>, <c>labels</c>).
    /// </summary>
    /// <exception cref="InvalidDataException">Another kind, no prompt section, or a key outside <paramref name="keys"/>.</exception>
    public static ModelPromptReader Open(ModelManifest manifest, IReadOnlyCollection<string> kinds, IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(keys);
        if (!kinds.Contains(manifest.Kind, StringComparer.Ordinal))
        {
            throw new InvalidDataException(
                $"model manifest '{manifest.Name}' has kind '{manifest.Kind}'; this reranker reads kind {string.Join(" or ", kinds.Select(k => $"'{k}'"))}.");
        }

        var prompt = manifest.Prompt
            ?? throw new InvalidDataException($"model manifest '{manifest.Name}' ({manifest.Kind}) has no \"prompt\" section.");
        var present = new List<string>();
        if (prompt.Template is not null) present.Add("template");
        if (prompt.System is not null) present.Add("system");
        if (prompt.Suffix is not null) present.Add("suffix");
        if (prompt.Labels is not null) present.Add("labels");
        present.AddRange(prompt.Other?.Keys ?? Enumerable.Empty<string>());
        var unknown = present.Where(k => !keys.Contains(k, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidDataException(
                $"model manifest '{manifest.Name}' ({manifest.Kind}) prompt: unknown key(s) {string.Join(", ", unknown.Select(k => $"\"{k}\""))}; " +
                $"this reranker reads {string.Join(", ", keys.Select(k => $"\"{k}\""))}.");
        }

        return new ModelPromptReader(manifest, prompt);
    }

    /// <summary><c>prompt.template</c>, required.</summary>
    public string Template => _prompt.Template ?? throw Error("\"template\" is missing");

    /// <summary><c>prompt.suffix</c>, or <paramref name="fallback"/>.</summary>
    public string Suffix(string fallback = "") => _prompt.Suffix ?? fallback;

    /// <summary>A string key of the open section, or <paramref name="fallback"/> when absent.</summary>
    public string String(string key, string fallback) => OptionalString(key) ?? fallback;

    /// <summary>A string key of the open section, or null when absent.</summary>
    /// <exception cref="InvalidDataException">The key is present but not a string.</exception>
    public string? OptionalString(string key)
    {
        if (_prompt.Other is null || !_prompt.Other.TryGetValue(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Error($"\"{key}\" must be a string");
    }

    /// <summary>An integer key of the open section, or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="InvalidDataException">The key is present but not an integer.</exception>
    public int Int(string key, int fallback)
    {
        if (_prompt.Other is null || !_prompt.Other.TryGetValue(key, out var value))
        {
            return fallback;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Error($"\"{key}\" must be an integer");
    }

    /// <summary>A boolean key of the open section, or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="InvalidDataException">The key is present but not <c>true</c> or <c>false</c>.</exception>
    public bool Bool(string key, bool fallback)
    {
        if (_prompt.Other is null || !_prompt.Other.TryGetValue(key, out var value))
        {
            return fallback;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error($"\"{key}\" must be true or false"),
        };
    }

    /// <summary>
    /// Checks that <c>prompt.labels</c> names only <paramref name="roles"/>, so that a misspelt role (<c>"No"</c> for
    /// <c>"no"</c>) is an error rather than a silently unused label and a default in its place.
    /// </summary>
    /// <exception cref="InvalidDataException">A label role outside <paramref name="roles"/>, named with the roles read.</exception>
    public void OnlyLabels(params string[] roles)
    {
        var unknown = (_prompt.Labels?.Keys ?? Enumerable.Empty<string>()).Where(k => !roles.Contains(k, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw Error(
                $"unknown label role(s) {string.Join(", ", unknown.Select(k => $"\"{k}\""))}; this reranker reads labels " +
                string.Join(", ", roles.Select(r => $"\"{r}\"")));
        }
    }

    /// <summary>The label for <paramref name="role"/> in <c>prompt.labels</c>, or <paramref name="fallback"/> (null: required).</summary>
    /// <exception cref="InvalidDataException">The label is required and missing, or empty.</exception>
    public string Label(string role, string? fallback = null)
    {
        if (_prompt.Labels is not null && _prompt.Labels.TryGetValue(role, out var label))
        {
            return string.IsNullOrEmpty(label) ? throw Error($"labels.{role} is empty") : label;
        }

        return fallback ?? throw Error($"labels.{role} is missing");
    }

    /// <summary>
    /// Positional labels <c>"1"</c>, <c>"2"</c>, … of <c>prompt.labels</c> in position order (they must run from 1 without
    /// a gap), or <paramref name="fallback"/> when there is no <c>labels</c>.
    /// </summary>
    public IReadOnlyList<string> PositionalLabels(IReadOnlyList<string> fallback)
    {
        if (_prompt.Labels is null)
        {
            return fallback;
        }

        var result = new List<string>();
        foreach (var (key, value) in _prompt.Labels)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw Error($"labels key \"{key}\" is not a position (\"1\", \"2\", ...)");
            }
        }

        for (var i = 1; i <= _prompt.Labels.Count; i++)
        {
            result.Add(_prompt.Labels.TryGetValue(i.ToString(CultureInfo.InvariantCulture), out var label)
                ? label
                : throw Error($"labels must be numbered 1 to {_prompt.Labels.Count} without gaps; \"{i}\" is missing"));
        }

        return result;
    }

    /// <summary>An <see cref="InvalidDataException"/> naming this prompt and <paramref name="problem"/>.</summary>
    public InvalidDataException Error(string problem) => new($"{Source}: {problem}.");
}
