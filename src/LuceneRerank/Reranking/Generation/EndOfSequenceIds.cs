using System.Text.Json;

namespace LuceneRerank.Reranking.Generation;

/// <summary>
/// The end-of-sequence token ids of a model folder: <c>eos_token_id</c> of <c>config.json</c> and of
/// <c>generation_config.json</c> (when present), each an integer or a list of integers, united.
/// </summary>
internal static class EndOfSequenceIds
{
    /// <summary>Reads the ids from <paramref name="modelDirectory"/>; empty when neither file names any.</summary>
    /// <exception cref="InvalidDataException">A file is not JSON, or its <c>eos_token_id</c> is neither an integer nor a list of integers.</exception>
    public static int[] Read(string modelDirectory)
    {
        var ids = new SortedSet<int>();
        foreach (var name in new[] { "config.json", "generation_config.json" })
        {
            var path = Path.Combine(modelDirectory, name);
            if (File.Exists(path))
            {
                ids.UnionWith(FromFile(path));
            }
        }

        return [.. ids];
    }

    private static IEnumerable<int> FromFile(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("eos_token_id", out var value)
                || value.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            return value.ValueKind switch
            {
                JsonValueKind.Number => [Id(value, path)],
                JsonValueKind.Array => [.. value.EnumerateArray().Select(v => Id(v, path))],
                _ => throw Malformed(path, value),
            };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    private static int Id(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var id) && id >= 0 ? id : throw Malformed(path, value);

    private static InvalidDataException Malformed(string path, JsonElement value) =>
        new($"{path}: 'eos_token_id' holds {value.GetRawText()}; expected a non-negative integer or a list of them.");
}
