using System.Text.Json;

namespace LuceneRerank.Tests.TestSupport;

/// <summary>
/// Reads a token-id reference file: one JSON object per line, either
/// <c>{"source": "crafted", "text", "ids"}</c> or
/// <c>{"source": "scifact-corpus"|"scifact-queries", "id", "field", "sha256", "ids"}</c> (the text rebuilt by
/// <see cref="SciFactText"/>).
/// </summary>
internal static class ReferenceIdFile
{
    /// <summary>The lines in file order (blank lines skipped); SciFact texts are null when ../shared lacks them.</summary>
    public static IReadOnlyList<ReferenceIdLine> Read(string path)
    {
        var lines = new List<ReferenceIdLine>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var where = $"{path}:{number}";
            var source = root.GetProperty("source").GetString()!;
            if (source != "crafted" && !SciFactText.IsSciFact(source))
            {
                throw new InvalidDataException($"{where}: unknown source '{source}' (crafted, {SciFactText.Corpus}, {SciFactText.Queries})");
            }

            var id = root.TryGetProperty("id", out var idElement) ? idElement.GetString() : null;
            var ids = root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var text = source == "crafted"
                ? root.GetProperty("text").GetString()!
                : SciFactText.Find(source, id ?? throw new InvalidDataException($"{where}: a {source} line needs an id"),
                    root.GetProperty("field").GetString()!, root.GetProperty("sha256").GetString()!, where);
            lines.Add(new ReferenceIdLine(source, id, text, ids));
        }

        return lines;
    }
}
