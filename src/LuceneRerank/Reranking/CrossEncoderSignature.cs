using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LuceneRerank.Reranking;

/// <summary>The inputs and output of a cross-encoder's ONNX graph (BERT or XLM-RoBERTa), read from the session and checked.</summary>
/// <param name="HasTokenTypeIds">Whether the graph takes <c>token_type_ids</c>.</param>
/// <param name="OutputName">The logits output (<c>logits</c>, or the only output).</param>
/// <param name="LabelCount">The output's label dimension (1 or 2), or null when the graph leaves it dynamic.</param>
/// <param name="HalfPrecisionOutput">Whether the logits are float16 (an fp16 export) rather than float32.</param>
internal sealed record CrossEncoderSignature(bool HasTokenTypeIds, string OutputName, int? LabelCount, bool HalfPrecisionOutput = false)
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string TokenTypeIds = "token_type_ids";

    /// <summary>Reads and checks the signature; <see cref="InvalidDataException"/> naming <paramref name="modelPath"/> when it is not a cross-encoder's.</summary>
    public static CrossEncoderSignature Read(InferenceSession session, string modelPath)
    {
        var inputs = session.InputMetadata;
        foreach (var required in new[] { InputIds, AttentionMask })
        {
            if (!inputs.ContainsKey(required))
            {
                throw NotCrossEncoder(modelPath, $"it has no '{required}' input (inputs: {Describe(inputs)})");
            }
        }

        foreach (var (name, metadata) in inputs)
        {
            if (name is not (InputIds or AttentionMask or TokenTypeIds))
            {
                throw NotCrossEncoder(modelPath,
                    $"it takes an input '{name}' that a cross-encoder does not (expected {InputIds}, {AttentionMask} " +
                    $"and optionally {TokenTypeIds}; inputs: {Describe(inputs)})");
            }

            if (!metadata.IsTensor || metadata.ElementDataType != TensorElementType.Int64 || metadata.Dimensions.Length != 2)
            {
                throw NotCrossEncoder(modelPath, $"input '{name}' is {DescribeOne(metadata)}, not an int64 [batch, sequence] tensor");
            }
        }

        var outputs = session.OutputMetadata;
        string outputName;
        if (outputs.ContainsKey("logits"))
        {
            outputName = "logits";
        }
        else if (outputs.Count == 1)
        {
            outputName = outputs.Keys.First();
        }
        else
        {
            throw NotCrossEncoder(modelPath, $"it has no 'logits' output (outputs: {Describe(outputs)})");
        }

        var output = outputs[outputName];
        if (!output.IsTensor || output.ElementDataType is not (TensorElementType.Float or TensorElementType.Float16))
        {
            throw NotCrossEncoder(modelPath, $"output '{outputName}' is {DescribeOne(output)}, not a float or float16 tensor");
        }

        if (output.Dimensions.Length != 2)
        {
            var hint = output.Dimensions.Length == 3
                ? "; this looks like an embedding model's token vectors [batch, sequence, hidden], not one relevance logit per pair"
                : "";
            throw NotCrossEncoder(modelPath, $"output '{outputName}' has shape {Shape(output)}, expected [batch, 1] or [batch, 2]{hint}");
        }

        int? labels = output.Dimensions[1] > 0 ? output.Dimensions[1] : null;
        if (labels is not (null or 1 or 2))
        {
            throw NotCrossEncoder(modelPath, $"output '{outputName}' has {labels} labels; a cross-encoder has 1 (a relevance logit) or 2 (not relevant, relevant)");
        }

        return new CrossEncoderSignature(inputs.ContainsKey(TokenTypeIds), outputName, labels,
            output.ElementDataType == TensorElementType.Float16);
    }

    private static InvalidDataException NotCrossEncoder(string modelPath, string problem) =>
        new($"{modelPath} is not a cross-encoder (BERT or XLM-RoBERTa): {problem}.");

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        string.Join(", ", nodes.Select(n => $"{n.Key} {DescribeOne(n.Value)}"));

    private static string DescribeOne(NodeMetadata node) =>
        node.IsTensor ? $"{node.ElementDataType} {Shape(node)}" : node.OnnxValueType.ToString();

    private static string Shape(NodeMetadata node) =>
        "[" + string.Join(", ", node.Dimensions.Select((d, i) =>
            d > 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : node.SymbolicDimensions.Length > i && node.SymbolicDimensions[i].Length > 0 ? node.SymbolicDimensions[i] : "?")) + "]";
}
