using System.Text.Json;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.TestSupport;

/// <summary>
/// tests/TestModels/reference/token-ids.jsonl: token ids written by Hugging Face tokenizers.js (an independent
/// WordPiece implementation) for SciFact texts (named by id and SHA-256; the texts are read from ../shared) and for
/// crafted edge cases (texts inline).
/// </summary>
internal static class TokenIdReference
{
    private static readonly Lazy<IReadOnlyList<Entry>> s_entries = new(Load);

    /// <summary>Every line of the reference file, in order; SciFact texts are null when ../shared lacks them.</summary>
    public static IReadOnlyList<Entry> Entries => s_entries.Value;

    /// <summary>The reference file.</summary>
    public static string FilePath => Path.Combine(TestPaths.RepositoryRoot, "tests", "TestModels", "reference", "token-ids.jsonl");

    private static IReadOnlyList<Entry> Load()
    {
        var entries = new List<Entry>();
        var number = 0;
        foreach (var line in File.ReadLines(FilePath))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var source = root.GetProperty("source").GetString()!;
            var ids = root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            string? text = null;
            string? passage = null;
            int[]? types = null;
            string? id = root.TryGetProperty("id", out var idElement) ? idElement.GetString() : null;
            switch (source)
            {
                case "crafted":
                    text = root.GetProperty("text").GetString();
                    break;
                case "crafted-pair":
                    text = root.GetProperty("query").GetString();
                    passage = root.GetProperty("passage").GetString();
                    types = root.GetProperty("token_type_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                    break;
                case SciFactText.Corpus:
                case SciFactText.Queries:
                    text = SciFactText.Find(source, id!, root.GetProperty("field").GetString()!, root.GetProperty("sha256").GetString()!, $"{FilePath}:{number}");
                    break;
                default:
                    throw new InvalidDataException($"{FilePath}: unknown source '{source}'");
            }

            entries.Add(new Entry(source, id, text, passage, ids, types));
        }

        return entries;
    }

    /// <summary>One reference line.</summary>
    public sealed record Entry(string Source, string? Id, string? Text, string? Passage, int[] Ids, int[]? TokenTypeIds);
}
