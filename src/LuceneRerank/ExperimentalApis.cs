namespace LuceneRerank;

/// <summary>
/// The diagnostic that marks public types whose shape or prompt format may still change (see the README section
/// "API stability"). Applications opt in with <c>&lt;NoWarn&gt;LRR001&lt;/NoWarn&gt;</c> or
/// <c>#pragma warning disable LRR001</c>.
/// </summary>
internal static class ExperimentalApis
{
    /// <summary>The diagnostic id reported where an application uses an experimental type.</summary>
    public const string DiagnosticId = "LRR001";

    /// <summary>Where the diagnostic points: the README section that lists the experimental types.</summary>
    public const string UrlFormat = "https://github.com/LuceneRerank/LuceneRerank/blob/main/README.md#api-stability";
}
