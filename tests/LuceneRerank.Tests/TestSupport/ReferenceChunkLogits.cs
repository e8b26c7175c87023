using System.Text.Json;

namespace LuceneRerank.Tests.TestSupport;

/// <summary>
/// <c>reference-chunk-logits.json</c> beside a generated model: per-chunk logits computed by
/// tests/TestModels/reference_chunks.py (its own chunking of the reference token ids, each chunk scored as its own pair
/// by the numpy forward pass), for the chunking settings named in each entry.
/// </summary>
internal sealed record ReferenceChunkLogits(int MaxLength, IReadOnlyList<ReferenceChunkedPair> Pairs)
{
    public static ReferenceChunkLogits Load(string modelDirectory)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(modelDirectory, "reference-chunk-logits.json")));
        var root = doc.RootElement;
        var pairs = root.GetProperty("pairs").EnumerateArray().Select(p => new ReferenceChunkedPair(
            p.GetProperty("config").GetString()!,
            OptionalInt(p.GetProperty("chunk_size")),
            OptionalInt(p.GetProperty("chunk_stride")),
            p.GetProperty("cap").GetInt32(),
            p.GetProperty("query_line").GetInt32(),
            p.GetProperty("passage_line").GetInt32(),
            p.GetProperty("passage_tokens").GetInt32(),
            p.GetProperty("chunks").EnumerateArray().Select(c => new ReferenceChunk(
                c.GetProperty("start").GetInt32(),
                c.GetProperty("end").GetInt32(),
                c.GetProperty("logits").EnumerateArray().Select(e => e.GetDouble()).ToArray())).ToList())).ToList();
        return new ReferenceChunkLogits(root.GetProperty("max_length").GetInt32(), pairs);
    }

    private static int? OptionalInt(JsonElement element) => element.ValueKind == JsonValueKind.Null ? null : element.GetInt32();
}

/// <summary>One (query, passage) pair under one chunking setting, with its chunks.</summary>
internal sealed record ReferenceChunkedPair(
    string Config, int? ChunkSize, int? ChunkStride, int Cap, int QueryLine, int PassageLine, int PassageTokens, IReadOnlyList<ReferenceChunk> Chunks);

/// <summary>One chunk: its passage-token span and the logits of (query, chunk) as its own pair.</summary>
internal sealed record ReferenceChunk(int Start, int End, double[] Logits);
