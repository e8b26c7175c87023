using System.Text.Json;
using LuceneRerank.Toolkit.Corpora;

namespace LuceneRerank.Toolkit.Trec;

/// <summary>
/// Reads queries: BEIR <c>queries.jsonl</c> (<c>_id</c>, <c>text</c>; other keys ignored) or a topics TSV
/// (<c>qid&lt;TAB&gt;text</c>). A <c>.jsonl</c>/<c>.json</c> name or a first line starting with <c>{</c> means JSONL.
/// </summary>
public static class QueriesReader
{
    /// <summary>Reads the queries in file order.</summary>
    /// <exception cref="TrecFormatException">Bad JSON, a missing <c>_id</c>/<c>text</c>, no tab in a TSV line, a duplicate
    /// id, an id that breaks <see cref="CorpusIdRules"/> (whitespace cannot be written to a run), or no query at all.</exception>
    public static IReadOnlyList<QueryTopic> Read(string path)
    {
        var queries = new List<QueryTopic>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool? jsonl = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jsonl" or ".json" => true,
            ".tsv" => false,
            _ => null,
        };
        foreach (var (number, line) in TrecLines.Read(path))
        {
            jsonl ??= line.TrimStart().StartsWith('{');
            var query = jsonl.Value ? ParseJson(path, number, line) : ParseTsv(path, number, line);
            if (CorpusIdRules.Problem(query.Id, "query id") is { } problem)
            {
                throw new TrecFormatException(path, number, problem);
            }
            if (!seen.Add(query.Id))
            {
                throw new TrecFormatException(path, number, $"duplicate query id \"{query.Id}\"");
            }

            queries.Add(query);
        }

        if (queries.Count == 0)
        {
            throw new TrecFormatException(path, 0, "no queries (the file is empty or holds only blank lines)");
        }

        return queries;
    }

    private static QueryTopic ParseTsv(string path, long number, string line)
    {
        var tab = line.IndexOf('\t');
        if (tab <= 0)
        {
            throw new TrecFormatException(path, number, "expected qid<TAB>text");
        }

        return new QueryTopic(line[..tab].Trim(), line[(tab + 1)..]);
    }

    private static QueryTopic ParseJson(string path, long number, string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TrecFormatException(path, number, $"expected a JSON object, found {root.ValueKind}");
            }

            if (!root.TryGetProperty("_id", out var id) || id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                throw new TrecFormatException(path, number, "missing \"_id\"");
            }

            if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                throw new TrecFormatException(path, number, "missing \"text\"");
            }

            var idText = id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText();
            return new QueryTopic(idText, text.GetString()!);
        }
        catch (InvalidOperationException e)
        {
            throw new TrecFormatException(path, number, "a string holds an escaped lone surrogate: " + e.Message, e);
        }
        catch (JsonException e)
        {
            throw new TrecFormatException(path, number, "bad JSON: " + e.Message, e);
        }
    }
}
