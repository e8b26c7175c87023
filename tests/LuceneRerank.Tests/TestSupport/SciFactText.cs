using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.TestSupport;

/// <summary>
/// SciFact texts that committed reference files name by source, id, field and SHA-256 instead of holding them (SciFact
/// is CC BY-NC and is never committed): rebuilt from ../shared/data/scifact (<see cref="TestPaths.Shared"/>) and checked
/// against the recorded hash.
/// </summary>
internal static class SciFactText
{
    /// <summary>The source of a passage: <c>title + " " + text</c> (field "title+text") of corpus.jsonl.</summary>
    public const string Corpus = "scifact-corpus";

    /// <summary>The source of a query: <c>text</c> (field "text") of queries.jsonl.</summary>
    public const string Queries = "scifact-queries";

    private static readonly Lazy<Dictionary<string, JsonElement>?> s_corpus = new(() => Read("corpus.jsonl"));
    private static readonly Lazy<Dictionary<string, JsonElement>?> s_queries = new(() => Read("queries.jsonl"));

    /// <summary>The folder the texts are read from.</summary>
    public static string Folder => Path.Combine(TestPaths.Shared, "data", "scifact");

    /// <summary>Whether ../shared holds SciFact, so that the texts can be rebuilt.</summary>
    public static bool IsAvailable => s_corpus.Value is not null && s_queries.Value is not null;

    /// <summary>Whether <paramref name="source"/> names a SciFact text.</summary>
    public static bool IsSciFact(string source) => source is Corpus or Queries;

    /// <summary>Ignores the calling test when ../shared lacks SciFact.</summary>
    public static void RequireAvailable()
    {
        TestPaths.SharedFile("data", "scifact", "corpus.jsonl");
        TestPaths.SharedFile("data", "scifact", "queries.jsonl");
    }

    /// <summary>
    /// The text a reference line names, or null when ../shared lacks SciFact. Throws
    /// <see cref="InvalidDataException"/> naming <paramref name="where"/> (file:line) when the id or field is unknown or
    /// the rebuilt text's SHA-256 differs from <paramref name="sha256"/> (the shared data is not what the reference was
    /// made from). <paramref name="maxCodePoints"/>, when given, keeps only the first that many Unicode code points
    /// (python's <c>text[:n]</c>), before hashing.
    /// </summary>
    public static string? Find(string source, string id, string field, string sha256, string where, int? maxCodePoints = null)
    {
        var table = source switch
        {
            Corpus => s_corpus.Value,
            Queries => s_queries.Value,
            _ => throw new InvalidDataException($"{where}: '{source}' is not a SciFact source ({Corpus}, {Queries})"),
        };
        if (table is null || s_corpus.Value is null || s_queries.Value is null)
        {
            return null;
        }

        if (!table.TryGetValue(id, out var document))
        {
            throw new InvalidDataException($"{where}: {source} id '{id}' is not in {Folder}");
        }

        var text = field switch
        {
            "title+text" => document.GetProperty("title").GetString() + " " + document.GetProperty("text").GetString(),
            "text" => document.GetProperty("text").GetString()!,
            _ => throw new InvalidDataException($"{where}: unknown field '{field}' (title+text, text)"),
        };
        if (maxCodePoints is { } max)
        {
            text = string.Concat(text.EnumerateRunes().Take(max).Select(r => r.ToString()));
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        if (!string.Equals(actual, sha256, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"{where}: {source} {id} ({field}{(maxCodePoints is { } n ? $", first {n} code points" : "")}) in {Folder} has SHA-256 {actual}, not the {sha256} of the text the reference was made from; the shared SciFact data differs");
        }

        return text;
    }

    private static Dictionary<string, JsonElement>? Read(string file)
    {
        var path = Path.Combine(Folder, file);
        if (!File.Exists(path))
        {
            return null;
        }

        var documents = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            documents[document.RootElement.GetProperty("_id").GetString()!] = document.RootElement.Clone();
        }

        return documents;
    }
}
