using System.Text.Json;

namespace LuceneRerank.Benchmarks;

/// <summary>Queries and top-100 passage lists: SciFact texts from ../shared (title + text), long enough to fill 256 tokens.</summary>
internal static class Workload
{
    public static (string[] Queries, string[] Passages) Load(string sharedRoot, int passages, int queries)
    {
        var scifact = Path.Combine(sharedRoot, "data", "scifact");
        var texts = File.ReadLines(Path.Combine(scifact, "corpus.jsonl"))
            .Select(line =>
            {
                using var doc = JsonDocument.Parse(line);
                return doc.RootElement.GetProperty("title").GetString() + " " + doc.RootElement.GetProperty("text").GetString();
            })
            .Where(text => text.Length > 2000)
            .Take(passages)
            .ToArray();
        var queryTexts = File.ReadLines(Path.Combine(scifact, "queries.jsonl"))
            .Select(line =>
            {
                using var doc = JsonDocument.Parse(line);
                return doc.RootElement.GetProperty("text").GetString()!;
            })
            .Take(queries)
            .ToArray();
        return (queryTexts, texts);
    }
}
