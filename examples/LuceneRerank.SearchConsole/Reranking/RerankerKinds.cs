using LuceneRerank.Models;

namespace LuceneRerank.SearchConsole.Reranking;

/// <summary>
/// The values of <c>--reranker</c> and of a <c>--stage</c>'s kind, the manifest kind each one reads, and the manifest
/// in the repository's <c>models/</c> used when the model directory has no <c>lrr-model.json</c> and no
/// <c>--manifest</c> is given.
/// </summary>
internal static class RerankerKinds
{
    private static readonly (string Name, string ManifestKind, string? DefaultManifest)[] s_kinds =
    [
        ("cross-encoder", ModelKinds.CrossEncoder, null),
        ("pointwise", ModelKinds.LlmPointwise, "qwen3-reranker-0.6b"),
        ("query-likelihood", ModelKinds.LlmQueryLikelihood, "qwen3-0.6b-query-likelihood"),
        ("listwise", ModelKinds.LlmListwise, "qwen3-0.6b-listwise"),
        ("pairwise", ModelKinds.LlmPairwise, "qwen3-0.6b-pairwise"),
        ("monot5", ModelKinds.MonoT5, "monot5-base-msmarco"),
        ("rankt5", ModelKinds.RankT5, "rankt5-base"),
    ];

    /// <summary>Every console kind name, in help order.</summary>
    public static IReadOnlyList<string> Names { get; } = s_kinds.Select(k => k.Name).ToArray();

    /// <summary>
    /// The console name of <paramref name="kind"/>, which may be a console name or a manifest kind
    /// (<c>llm-listwise</c>); throws <see cref="FormatException"/> listing the known kinds.
    /// </summary>
    public static string Normalize(string kind)
    {
        foreach (var (name, manifestKind, _) in s_kinds)
        {
            if (string.Equals(kind, name, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(kind, manifestKind, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        throw new FormatException($"unknown reranker kind '{kind}'; known kinds: {string.Join(", ", Names)}");
    }

    /// <summary>The name of the console kind that reads manifests of <paramref name="manifestKind"/>.</summary>
    public static string FromManifestKind(string manifestKind) => Normalize(manifestKind);

    /// <summary>The manifest kind read by the console kind <paramref name="name"/>.</summary>
    public static string ManifestKind(string name) => s_kinds.Single(k => k.Name == name).ManifestKind;

    /// <summary>The default manifest name of <paramref name="name"/> (in <c>models/</c>), or null (cross-encoders need none).</summary>
    public static string? DefaultManifest(string name) => s_kinds.Single(k => k.Name == name).DefaultManifest;
}
