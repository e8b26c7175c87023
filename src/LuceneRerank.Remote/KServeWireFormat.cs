using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LuceneRerank.Remote;

/// <summary>
/// The KServe v2 (Open Inference Protocol) bodies for a cross-encoder: model metadata, inference requests in JSON or
/// Triton's binary tensor data extension, and the logits in their answers.
/// </summary>
internal static class KServeWireFormat
{
    /// <summary>The header giving the length of the JSON part of a body that carries binary tensors.</summary>
    public const string HeaderLengthHeader = "Inference-Header-Content-Length";

    /// <summary>
    /// Reads <c>GET v2/models/{model}</c>'s answer: the inputs must include the id and mask inputs and nothing a
    /// cross-encoder does not take; token types are sent when the model has that input; the output is
    /// <see cref="KServeOptions.OutputName"/> when present, else the only output.
    /// </summary>
    /// <exception cref="InvalidDataException">The metadata is not JSON of that shape, or the model is not a cross-encoder; the message names the URL.</exception>
    public static KServeSignature Signature(byte[] metadata, KServeOptions options, Uri url)
    {
        using var document = Parse(metadata, url, "model metadata");
        var root = document.RootElement;
        var inputs = Tensors(root, "inputs", url, metadata);
        var outputs = Tensors(root, "outputs", url, metadata);
        foreach (var required in new[] { options.InputIdsName, options.AttentionMaskName })
        {
            if (!inputs.Any(i => i.Name == required))
            {
                throw Invalid(url, $"the model has no input '{required}' (inputs: {Describe(inputs)}); set KServeOptions' input names if the model calls it otherwise", metadata);
            }
        }

        foreach (var input in inputs)
        {
            if (input.Name != options.InputIdsName && input.Name != options.AttentionMaskName && input.Name != options.TokenTypeIdsName)
            {
                throw Invalid(url, $"the model takes an input '{input.Name}' that a cross-encoder does not (inputs: {Describe(inputs)})", metadata);
            }

            if (input.DataType is not (null or "INT64"))
            {
                throw Invalid(url, $"input '{input.Name}' is {input.DataType}, not INT64", metadata);
            }
        }

        var output = outputs.FirstOrDefault(o => o.Name == options.OutputName)
            ?? (outputs.Count == 1 ? outputs[0] : throw Invalid(url, $"the model has no output '{options.OutputName}' and more than one output ({Describe(outputs)})", metadata));
        if (output.DataType is not (null or "FP32" or "FP16"))
        {
            throw Invalid(url, $"output '{output.Name}' is {output.DataType}, not FP32 or FP16 logits", metadata);
        }

        var tokenTypes = inputs.Any(i => i.Name == options.TokenTypeIdsName) ? options.TokenTypeIdsName : null;
        return new KServeSignature(options.InputIdsName, options.AttentionMaskName, tokenTypes, output.Name);
    }

    /// <summary>
    /// The inference request for <paramref name="tensors"/>: the JSON body, or with <paramref name="binary"/> the JSON
    /// header followed by the tensors' little-endian bytes. Returns the body and the JSON part's length (binary only).
    /// </summary>
    public static (byte[] Body, int? HeaderLength) InferRequest(KServeTensors tensors, KServeSignature signature, bool binary)
    {
        var inputs = new List<(string Name, long[] Data)>
        {
            (signature.InputIds, tensors.InputIds),
            (signature.AttentionMask, tensors.AttentionMask),
        };
        if (signature.TokenTypeIds is { } types)
        {
            inputs.Add((types, tensors.TokenTypeIds));
        }

        var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("inputs");
            foreach (var (name, data) in inputs)
            {
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WriteStartArray("shape");
                writer.WriteNumberValue(tensors.Rows);
                writer.WriteNumberValue(tensors.SequenceLength);
                writer.WriteEndArray();
                writer.WriteString("datatype", "INT64");
                if (binary)
                {
                    writer.WriteStartObject("parameters");
                    writer.WriteNumber("binary_data_size", (long)data.Length * sizeof(long));
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteStartArray("data");
                    foreach (var value in data)
                    {
                        writer.WriteNumberValue(value);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("outputs");
            writer.WriteStartObject();
            writer.WriteString("name", signature.Output);
            if (binary)
            {
                writer.WriteStartObject("parameters");
                writer.WriteBoolean("binary_data", true);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        if (!binary)
        {
            return (json.ToArray(), null);
        }

        var headerLength = (int)json.Length;
        var body = new byte[headerLength + inputs.Sum(i => i.Data.Length * sizeof(long))];
        json.GetBuffer().AsSpan(0, headerLength).CopyTo(body);
        var offset = headerLength;
        foreach (var (_, data) in inputs)
        {
            foreach (var value in data)
            {
                BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(offset), value);
                offset += sizeof(long);
            }
        }

        return (body, headerLength);
    }

    /// <summary>
    /// The logits of <paramref name="rows"/> pairs from an inference answer: shape <c>[rows]</c>, <c>[rows, 1]</c> or
    /// <c>[rows, 2]</c>, as JSON numbers or binary FP32/FP16. <paramref name="headerLength"/> is the answer's
    /// <c>Inference-Header-Content-Length</c>, when it sent one. Returns the logits row-major and the labels per row.
    /// </summary>
    /// <exception cref="InvalidDataException">The answer is not of that shape; the message names the URL and the problem.</exception>
    public static (float[] Logits, int Labels) Logits(byte[] answer, int? headerLength, string outputName, int rows, Uri url)
    {
        if (headerLength is < 0 || headerLength > answer.Length)
        {
            throw Invalid(url, $"{HeaderLengthHeader} is {headerLength} but the answer has {answer.Length} bytes", answer);
        }

        var jsonLength = headerLength ?? answer.Length;
        using var document = Parse(answer.AsMemory(0, jsonLength), url, "inference answer", answer);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(url, "no \"outputs\" array at the top level", answer);
        }

        var binaryOffset = jsonLength;
        JsonElement? found = null;
        var foundOffset = 0;
        foreach (var output in outputs.EnumerateArray())
        {
            var name = output.ValueKind == JsonValueKind.Object && output.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            if (name == outputName || (found is null && outputs.GetArrayLength() == 1))
            {
                found = output;
                foundOffset = binaryOffset;
            }

            if (BinarySize(output) is { } size)
            {
                binaryOffset += (int)Math.Min(size, int.MaxValue);
            }
        }

        if (found is not { } logits)
        {
            throw Invalid(url, $"no output named '{outputName}'", answer);
        }

        var shape = Shape(logits, url, answer);
        var labels = shape.Length switch
        {
            1 when shape[0] == rows => 1,
            2 when shape[0] == rows && shape[1] is 1 or 2 => (int)shape[1],
            _ => throw Invalid(url, $"output '{outputName}' has shape [{string.Join(", ", shape)}] for {rows} pairs; a cross-encoder gives [{rows}, 1] or [{rows}, 2]", answer),
        };
        var count = rows * labels;
        var values = BinarySize(logits) is { } bytes
            ? BinaryValues(answer, foundOffset, bytes, DataType(logits), count, outputName, url)
            : JsonValues(logits, count, outputName, url, answer);
        return (values, labels);
    }

    private static float[] BinaryValues(byte[] answer, int offset, long size, string? dataType, int count, string outputName, Uri url)
    {
        var width = dataType switch
        {
            "FP32" => 4,
            "FP16" => 2,
            _ => throw Invalid(url, $"output '{outputName}' is {dataType ?? "of no datatype"}, not FP32 or FP16", answer),
        };
        if (size != (long)count * width || offset + size > answer.Length)
        {
            throw Invalid(url, $"output '{outputName}' says {size} binary bytes; {count} {dataType} values are {count * width}, and the answer holds {answer.Length - offset} after the JSON", answer);
        }

        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = width == 4
                ? BinaryPrimitives.ReadSingleLittleEndian(answer.AsSpan(offset + (i * 4)))
                : (float)BinaryPrimitives.ReadHalfLittleEndian(answer.AsSpan(offset + (i * 2)));
        }

        return values;
    }

    private static float[] JsonValues(JsonElement output, int count, string outputName, Uri url, byte[] answer)
    {
        if (!output.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(url, $"output '{outputName}' has neither a \"data\" array nor binary data", answer);
        }

        var values = new List<float>(count);
        Flatten(data, values, outputName, url, answer);
        if (values.Count != count)
        {
            throw Invalid(url, $"output '{outputName}' has {values.Count} values; its shape asks for {count}", answer);
        }

        return [.. values];
    }

    private static void Flatten(JsonElement array, List<float> values, string outputName, Uri url, byte[] answer)
    {
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array)
            {
                Flatten(item, values, outputName, url, answer);
            }
            else if (item.ValueKind == JsonValueKind.Number)
            {
                values.Add((float)item.GetDouble());
            }
            else
            {
                throw Invalid(url, $"output '{outputName}' holds a {item.ValueKind} where a number belongs", answer);
            }
        }
    }

    private static long[] Shape(JsonElement output, Uri url, byte[] answer)
    {
        if (!output.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array
            || shape.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out _)))
        {
            throw Invalid(url, "an output has no integer \"shape\" array", answer);
        }

        return shape.EnumerateArray().Select(d => d.GetInt64()).ToArray();
    }

    private static long? BinarySize(JsonElement output) =>
        output.ValueKind == JsonValueKind.Object && output.TryGetProperty("parameters", out var parameters)
            && parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("binary_data_size", out var size)
            && size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var bytes) && bytes >= 0
            ? bytes
            : null;

    private static string? DataType(JsonElement tensor) =>
        tensor.TryGetProperty("datatype", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;

    private sealed record TensorInfo(string Name, string? DataType);

    private static List<TensorInfo> Tensors(JsonElement root, string property, Uri url, byte[] metadata)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(url, $"no \"{property}\" array in the model metadata", metadata);
        }

        var tensors = new List<TensorInfo>();
        foreach (var tensor in array.EnumerateArray())
        {
            if (tensor.ValueKind != JsonValueKind.Object || !tensor.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                throw Invalid(url, $"an entry of \"{property}\" has no \"name\"", metadata);
            }

            tensors.Add(new TensorInfo(name.GetString()!, DataType(tensor)));
        }

        return tensors;
    }

    private static string Describe(IEnumerable<TensorInfo> tensors) =>
        string.Join(", ", tensors.Select(t => t.DataType is null ? t.Name : $"{t.Name} {t.DataType}"));

    private static JsonDocument Parse(ReadOnlyMemory<byte> json, Uri url, string what, byte[]? whole = null)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw Invalid(url, $"the {what} is malformed JSON ({e.Message})", whole ?? json.ToArray(), e);
        }
    }

    private static JsonDocument Parse(byte[] json, Uri url, string what) => Parse(json.AsMemory(), url, what, json);

    private static InvalidDataException Invalid(Uri url, string problem, byte[] answer, Exception? inner = null) =>
        new(string.Create(CultureInfo.InvariantCulture, $"The KServe server at {url} gave an unusable answer: {problem}. The answer began: ") +
            RemoteRerankerException.Truncate(Encoding.UTF8.GetString(answer, 0, Math.Min(answer.Length, 2000))), inner);
}
