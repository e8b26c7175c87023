using System.Text.Json;

namespace LuceneRerank.Tests.TestSupport;

/// <summary>
/// <c>reference-colbert.json</c> beside a generated ColBERT model (tests/TestModels/reference_colbert.py: numpy,
/// independent of ONNX Runtime and of the library's tokenizer): for lines of the token-id reference, the ids with
/// markers and [MASK] augmentation, the kept (normalised) token vectors and the MaxSim score of every query and document.
/// </summary>
internal sealed record ReferenceColBert(IReadOnlyList<ReferenceColBertText> Queries, IReadOnlyList<ReferenceColBertText> Documents, double[][] Scores)
{
    public static ReferenceColBert Load(string modelDirectory)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(modelDirectory, "reference-colbert.json")));
        var root = doc.RootElement;
        return new ReferenceColBert(
            root.GetProperty("queries").EnumerateArray().Select(Text).ToList(),
            root.GetProperty("documents").EnumerateArray().Select(Text).ToList(),
            root.GetProperty("scores").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray());
    }

    private static ReferenceColBertText Text(JsonElement e) => new(
        e.GetProperty("line").GetInt32(),
        Ints(e.GetProperty("input_ids")),
        e.TryGetProperty("attention_mask", out var mask) ? Ints(mask) : null,
        e.TryGetProperty("kept", out var kept) ? Ints(kept) : null,
        e.GetProperty("embeddings").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray());

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt32()).ToArray();
}

/// <summary>One reference query or document: its token-id reference line, ids, mask (queries), kept positions (documents) and vectors.</summary>
internal sealed record ReferenceColBertText(int Line, int[] InputIds, int[]? AttentionMask, int[]? Kept, double[][] Embeddings)
{
    /// <summary>The text of the line, or null when it is a SciFact text that ../shared lacks.</summary>
    public string? Text => TokenIdReference.Entries[Line].Text;
}
