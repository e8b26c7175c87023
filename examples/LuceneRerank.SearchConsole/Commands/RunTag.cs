using LuceneRerank.SearchConsole.Reranking;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary>The default run tag: <c>lrr-bm25</c>, or <c>lrr-MODEL[+MODEL...]</c> naming each reranking stage's model.</summary>
internal static class RunTag
{
    public const string Bm25 = "lrr-bm25";

    public static string For(IReadOnlyList<RerankerSpec> stages) => stages.Count == 0
        ? Bm25
        : "lrr-" + string.Join('+', stages.Select(stage => Clean(stage.Remote?.TagName ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(stage.ModelPath)))));

    /// <summary>The name without whitespace (a run column cannot hold it).</summary>
    private static string Clean(string name)
    {
        var cleaned = new string(name.Select(c => char.IsWhiteSpace(c) ? '_' : c).ToArray());
        return cleaned.Length == 0 ? "model" : cleaned;
    }
}
