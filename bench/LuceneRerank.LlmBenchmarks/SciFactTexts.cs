using System.Text.Json;

namespace LuceneRerank.LlmBenchmarks;

/// <summary>SciFact queries and passages (title + "\n" + text) read from the shared data folder.</summary>
internal sealed record SciFactTexts(IReadOnlyList<string> Queries, IReadOnlyList<string> Passages)
{
    public static SciFactTexts Load(string sharedFolder)
    {
        var folder = Path.Combine(sharedFolder, "data", "scifact");
        return new SciFactTexts(
            Read(Path.Combine(folder, "queries.jsonl"), e => e.GetProperty("text").GetString()!),
            Read(Path.Combine(folder, "corpus.jsonl"), e => e.GetProperty("title").GetString() + "\n" + e.GetProperty("text").GetString()));
    }

    private static List<string> Read(string path, Func<JsonElement, string> text) =>
        [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l =>
        {
            using var document = JsonDocument.Parse(l);
            return text(document.RootElement);
        })];
}
