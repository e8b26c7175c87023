namespace LuceneRerank.Reranking.Llm;

/// <summary>
/// The display name of an LLM reranker: the manifest's name with the method in parentheses, unless the name already
/// says it (the shipped manifests are named, for example, "Qwen/Qwen3-0.6B (query likelihood)").
/// </summary>
internal static class RerankerMethodName
{
    /// <summary><paramref name="name"/> followed by <c>" (method)"</c>, unless <c>"(method)"</c> is already in it (any case).</summary>
    public static string Of(string name, string method) =>
        name.Contains($"({method})", StringComparison.OrdinalIgnoreCase) ? name : $"{name} ({method})";
}
