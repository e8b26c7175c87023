using System.Text.Json;

namespace LuceneRerank.Toolkit.Corpora;

/// <summary>Parses one line of a BEIR <c>corpus.jsonl</c>: <c>_id</c> (required), <c>title</c>, <c>text</c>; other keys are ignored.</summary>
internal static class JsonlCorpusLineParser
{
    public static CorpusDocument Parse(string line)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new CorpusLineException("bad JSON: " + e.Message, e);
        }

        using (json)
        {
            try
            {
                return Read(json.RootElement);
            }
            catch (InvalidOperationException e)
            {
                // System.Text.Json refuses to turn an escaped lone surrogate ("\ud800") into a string.
                throw new CorpusLineException("a string holds an escaped lone surrogate (\\uD800-\\uDFFF without its pair): " + e.Message, e);
            }
        }
    }

    private static CorpusDocument Read(JsonElement root)
    {
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CorpusLineException($"expected a JSON object, found {root.ValueKind}");
            }

            if (!root.TryGetProperty("_id", out var idElement))
            {
                throw new CorpusLineException("missing \"_id\"");
            }

            var id = idElement.ValueKind switch
            {
                JsonValueKind.String => idElement.GetString() ?? string.Empty,
                JsonValueKind.Number => idElement.GetRawText(),
                _ => throw new CorpusLineException($"\"_id\" must be a string or a number, found {idElement.ValueKind}"),
            };
            if (id.Length == 0)
            {
                throw new CorpusLineException("empty \"_id\"");
            }

            return new CorpusDocument(id, OptionalString(root, "title"), OptionalString(root, "text"));
        }
    }

    private static string OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return string.Empty;
        }

        return element.ValueKind == JsonValueKind.String
            ? element.GetString() ?? string.Empty
            : throw new CorpusLineException($"\"{name}\" must be a string, found {element.ValueKind}");
    }
}
