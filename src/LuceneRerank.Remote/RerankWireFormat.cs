using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LuceneRerank.Remote;

/// <summary>The request bodies and answers of the two JSON rerank protocols.</summary>
internal static class RerankWireFormat
{
    /// <summary>The UTF-8 JSON body asking the server to score <paramref name="passages"/> against <paramref name="query"/>.</summary>
    public static byte[] RequestBody(RerankProtocol protocol, string? model, string query, IEnumerable<string> passages)
    {
        var texts = new JsonArray();
        var count = 0;
        foreach (var passage in passages)
        {
            texts.Add(JsonValue.Create(passage));
            count++;
        }

        var body = protocol switch
        {
            RerankProtocol.Cohere => CohereBody(model, query, texts, count),
            RerankProtocol.Tei => new JsonObject
            {
                ["query"] = query,
                ["texts"] = texts,
                ["raw_scores"] = true,
                ["truncate"] = true,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
        };
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    /// <summary>
    /// Reads the answer to a request of <paramref name="count"/> passages: one score per passage, in the request's
    /// order, whatever order the server listed them in.
    /// </summary>
    /// <exception cref="InvalidDataException">The answer is not JSON of the protocol's shape, or does not cover every passage exactly once.</exception>
    public static float[] Scores(RerankProtocol protocol, byte[] answer, int count, Uri endpoint)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(answer);
        }
        catch (JsonException e)
        {
            throw Invalid(endpoint, $"malformed JSON ({e.Message})", answer, e);
        }

        var (items, indexName, scoreName) = protocol switch
        {
            RerankProtocol.Cohere => (root is JsonObject o && o["results"] is JsonArray results
                ? results
                : throw Invalid(endpoint, "no \"results\" array at the top level", answer), "index", "relevance_score"),
            RerankProtocol.Tei => (root as JsonArray
                ?? throw Invalid(endpoint, "not a JSON array of {\"index\", \"score\"} objects", answer), "index", "score"),
            _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
        };

        var scores = new float[count];
        var seen = new bool[count];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject item)
            {
                throw Invalid(endpoint, $"result {i} is not an object", answer);
            }

            var index = Integer(item[indexName])
                ?? throw Invalid(endpoint, $"result {i} has no integer \"{indexName}\"", answer);
            var score = Number(item[scoreName])
                ?? throw Invalid(endpoint, $"result {i} has no numeric \"{scoreName}\"", answer);
            if (index < 0 || index >= count)
            {
                throw Invalid(endpoint, $"result {i} has index {index}, outside the {count} passages sent", answer);
            }

            if (seen[index])
            {
                throw Invalid(endpoint, $"index {index} appears more than once", answer);
            }

            seen[index] = true;
            scores[index] = (float)score;
        }

        var missing = Enumerable.Range(0, count).Where(i => !seen[i]).ToArray();
        if (missing.Length > 0)
        {
            var shown = string.Join(", ", missing.Take(10)) + (missing.Length > 10 ? ", …" : "");
            throw Invalid(endpoint, $"{missing.Length} of the {count} passages sent have no score (index {shown})", answer);
        }

        return scores;
    }

    private static JsonObject CohereBody(string? model, string query, JsonArray documents, int count)
    {
        var body = new JsonObject();
        if (model is not null)
        {
            body["model"] = model;
        }

        body["query"] = query;
        body["documents"] = documents;
        body["top_n"] = count;
        body["return_documents"] = false;
        return body;
    }

    private static long? Integer(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var n) ? n : null;

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<double>(out var d) ? d : null;

    private static InvalidDataException Invalid(Uri endpoint, string problem, byte[] answer, Exception? inner = null) =>
        new($"The rerank server at {endpoint} gave an unusable answer: {problem}. The answer began: " +
            RemoteRerankerException.Truncate(Encoding.UTF8.GetString(answer)), inner);
}
