using LuceneRerank.Models;

namespace LuceneRerank;

/// <summary>
/// Names of <see cref="RerankMethod"/>: the short names the command-line tools accept (<c>cross-encoder</c>,
/// <c>pointwise</c>, <c>query-likelihood</c>, <c>listwise</c>, <c>pairwise</c>, <c>monot5</c>, <c>rankt5</c>, <c>colbert</c>), the
/// manifest kind each method reads (<see cref="ModelKinds"/>) and the manifest used when none is given.
/// </summary>
public static class RerankMethods
{
    private static readonly (RerankMethod Method, string Name, string ManifestKind, string? DefaultManifest)[] s_methods =
    [
        (RerankMethod.CrossEncoder, "cross-encoder", ModelKinds.CrossEncoder, null),
        (RerankMethod.Pointwise, "pointwise", ModelKinds.LlmPointwise, "qwen3-reranker-0.6b"),
        (RerankMethod.QueryLikelihood, "query-likelihood", ModelKinds.LlmQueryLikelihood, "qwen3-0.6b-query-likelihood"),
        (RerankMethod.Listwise, "listwise", ModelKinds.LlmListwise, "qwen3-0.6b-listwise"),
        (RerankMethod.Pairwise, "pairwise", ModelKinds.LlmPairwise, "qwen3-0.6b-pairwise"),
        (RerankMethod.MonoT5, "monot5", ModelKinds.MonoT5, "monot5-base-msmarco"),
        (RerankMethod.RankT5, "rankt5", ModelKinds.RankT5, "rankt5-base"),
        (RerankMethod.ColBert, "colbert", ModelKinds.ColBert, null),
    ];

    /// <summary>Every short name, in the order of <see cref="RerankMethod"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = s_methods.Select(m => m.Name).ToArray();

    /// <summary>
    /// The method named <paramref name="name"/>: a short name (<c>listwise</c>), a manifest kind (<c>llm-listwise</c>)
    /// or the enum name (<c>Listwise</c>), case-insensitive. <c>auto</c> is <see cref="RerankMethod.Auto"/>.
    /// </summary>
    /// <exception cref="FormatException">Unknown name; the message lists the known ones.</exception>
    public static RerankMethod Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.Equals(name, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return RerankMethod.Auto;
        }

        foreach (var (method, shortName, manifestKind, _) in s_methods)
        {
            if (string.Equals(name, shortName, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(name, manifestKind, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(name, method.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return method;
            }
        }

        throw new FormatException($"unknown reranker kind '{name}'; known kinds: {string.Join(", ", Names)}");
    }

    /// <summary>The short name of <paramref name="method"/> (<c>listwise</c>); <c>auto</c> for <see cref="RerankMethod.Auto"/>.</summary>
    public static string Name(RerankMethod method) => method == RerankMethod.Auto ? "auto" : Entry(method).Name;

    /// <summary>The manifest kind <paramref name="method"/> reads (<see cref="ModelKinds"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RerankMethod.Auto"/> or not a defined value.</exception>
    public static string ManifestKind(RerankMethod method) => Entry(method).ManifestKind;

    /// <summary>
    /// The name of the manifest used for <paramref name="method"/> when none is given (for example
    /// <c>qwen3-reranker-0.6b</c> for <see cref="RerankMethod.Pointwise"/>); null for the cross-encoder and ColBERT, which need none.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RerankMethod.Auto"/> or not a defined value.</exception>
    public static string? DefaultManifest(RerankMethod method) => Entry(method).DefaultManifest;

    /// <summary>The method that reads manifests of <paramref name="manifestKind"/>.</summary>
    /// <exception cref="FormatException">Not a manifest kind.</exception>
    public static RerankMethod FromManifestKind(string manifestKind) => Parse(manifestKind);

    private static (RerankMethod Method, string Name, string ManifestKind, string? DefaultManifest) Entry(RerankMethod method)
    {
        foreach (var entry in s_methods)
        {
            if (entry.Method == method)
            {
                return entry;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(method), method, "a concrete reranking method is needed (not Auto)");
    }
}
