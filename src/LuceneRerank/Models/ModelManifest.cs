using System.Text.Json;
using System.Text.Json.Serialization;

namespace LuceneRerank.Models;

/// <summary>
/// A supported model as described by a JSON manifest in the repository's <c>models/</c> folder: where its files come
/// from, their checksums, licence, maximum input length, what a score means, and (for LLM rerankers) prompt templates and
/// label strings. Load one with <see cref="ModelManifestLoader"/>; the schema is documented in <c>models/README.md</c>.
/// </summary>
/// <remarks>
/// Unknown top-level keys are rejected (a typo must not pass silently); free-form data goes under <see cref="Prompt"/>
/// (which accepts any further keys) or <see cref="Extra"/>.
/// </remarks>
public sealed record ModelManifest
{
    /// <summary>The manifest schema version this library reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Schema version; must be <see cref="CurrentSchemaVersion"/>.</summary>
    public int SchemaVersion { get; init; }

    /// <summary>The model's name as users know it, for example <c>cross-encoder/ms-marco-MiniLM-L-6-v2</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>Other names the CLI accepts for this model (for example <c>ms-marco-MiniLM-L-6-v2</c>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = Array.Empty<string>();

    /// <summary>One line for listings.</summary>
    public string Description { get; init; } = "";

    /// <summary>
    /// What kind of reranker reads this model, one of <see cref="ModelKinds.All"/>: <c>cross-encoder</c>,
    /// <c>llm-pointwise</c>, <c>llm-query-likelihood</c>, <c>llm-listwise</c>, <c>llm-pairwise</c>, <c>monot5</c>,
    /// <c>rankt5</c>. One manifest serves one kind; its <see cref="Prompt"/> is that reranker's prompt.
    /// </summary>
    public string Kind { get; init; } = "";

    /// <summary>Where the files are downloaded from.</summary>
    public ModelSource Source { get; init; } = new();

    /// <summary>SPDX licence identifier of the weights, for example <c>Apache-2.0</c>.</summary>
    public string Licence { get; init; } = "";

    /// <summary>Where the licence is stated (the model card), when known.</summary>
    public string? LicenceUrl { get; init; }

    /// <summary>Maximum tokens of one model input (query, passage and special tokens together).</summary>
    public int MaxLength { get; init; }

    /// <summary>What a score is, in words (raw logit, probability, log-probability; higher is more relevant or not).</summary>
    public string ScoreMeaning { get; init; } = "";

    /// <summary>
    /// Overall checksum state. <see langword="null"/> when every file has a SHA-256; otherwise it must begin with
    /// <c>unpinned</c>, for example <c>"unpinned: verify on first download"</c>.
    /// </summary>
    public string? ChecksumStatus { get; init; }

    /// <summary>The files of the model directory, relative to it.</summary>
    public IReadOnlyList<ModelFileEntry> Files { get; init; } = Array.Empty<ModelFileEntry>();

    /// <summary>
    /// The prompt template and label strings of the reranker named by <see cref="Kind"/> (required for every kind but
    /// <c>cross-encoder</c>); each reranker reads it through its template type's <c>FromManifest</c>.
    /// </summary>
    public ModelPrompt? Prompt { get; init; }

    /// <summary>Any further model-specific settings, free-form (readers must tolerate keys they do not know).</summary>
    public JsonElement? Extra { get; init; }

    /// <summary>Whether every file has a pinned SHA-256.</summary>
    [JsonIgnore]
    public bool IsFullyPinned => Files.All(f => f.Sha256 is not null);

    /// <summary>Whether <paramref name="name"/> is this model's name or one of its aliases (case-insensitive).</summary>
    public bool IsNamed(string name) =>
        string.Equals(Name, name, StringComparison.OrdinalIgnoreCase) ||
        Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The URL of <paramref name="file"/>: <paramref name="baseUrlOverride"/> or the source's base, plus its path.</summary>
    public Uri FileUrl(ModelFileEntry file, Uri? baseUrlOverride = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var baseUrl = baseUrlOverride ?? Source.ResolveBaseUrl();
        var text = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl.AbsoluteUri : baseUrl.AbsoluteUri + "/";
        return new Uri(new Uri(text), string.Join('/', file.Path.Split('/').Select(Uri.EscapeDataString)));
    }
}
