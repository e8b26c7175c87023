using System.Text.Json;

namespace LuceneRerank.Tests.TestSupport;

/// <summary>
/// <c>reference-logits.json</c> beside a generated model: logits computed by tests/TestModels/reference_forward.py
/// (numpy, independent of ONNX Runtime) for pairs of lines of the token-id reference, at a stated maximum length.
/// </summary>
internal sealed record ReferenceLogits(int MaxLength, IReadOnlyList<ReferencePair> Pairs)
{
    public static ReferenceLogits Load(string modelDirectory)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(modelDirectory, "reference-logits.json")));
        var root = doc.RootElement;
        var pairs = root.GetProperty("pairs").EnumerateArray().Select(p => new ReferencePair(
            p.GetProperty("query_line").GetInt32(),
            p.GetProperty("passage_line").GetInt32(),
            p.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            p.GetProperty("token_type_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            p.GetProperty("logits").EnumerateArray().Select(e => e.GetDouble()).ToArray())).ToList();
        return new ReferenceLogits(root.GetProperty("max_length").GetInt32(), pairs);
    }
}

/// <summary>One reference pair: which reference lines it joins, the ids fed and the logits expected.</summary>
internal sealed record ReferencePair(int QueryLine, int PassageLine, int[] InputIds, int[] TokenTypeIds, double[] Logits);
