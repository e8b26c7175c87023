using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;

namespace LuceneRerank.Tests.Remote;

/// <summary>The INT64 tensors of one inference request, decoded by <see cref="FakeKServeServer"/>.</summary>
internal sealed record InferTensors(int Rows, int SequenceLength, IReadOnlyDictionary<string, long[]> Inputs, bool Binary)
{
    /// <summary>Row <paramref name="row"/> of input <paramref name="name"/>, up to its attention mask's length.</summary>
    public long[] Row(string name, int row)
    {
        var mask = Inputs["attention_mask"].AsSpan(row * SequenceLength, SequenceLength);
        var length = mask.IndexOf(0L) is var zero && zero >= 0 ? zero : SequenceLength;
        return Inputs[name].AsSpan(row * SequenceLength, length).ToArray();
    }
}

/// <summary>
/// A KServe v2 server on 127.0.0.1 (on <see cref="LoopbackRerankServer"/>) for one model: <c>GET v2/models/{model}</c>
/// answers the metadata given, <c>POST v2/models/{model}/infer</c> decodes the INT64 inputs (JSON or Triton's binary
/// extension, as the request chose), hands them to a function that computes the logits, and answers them in the
/// encoding the request asked for (binary when its output says <c>binary_data</c>).
/// </summary>
internal sealed class FakeKServeServer : IDisposable
{
    private readonly LoopbackRerankServer _server;

    /// <param name="model">The model's name on the server.</param>
    /// <param name="inputs">The input names its metadata lists.</param>
    /// <param name="output">Its output's name.</param>
    /// <param name="logits">Computes the logits (row-major) and labels per row from the decoded inputs.</param>
    public FakeKServeServer(string model, string[] inputs, string output, Func<InferTensors, (float[] Logits, int Labels)> logits)
    {
        _server = new LoopbackRerankServer(request =>
        {
            if (request.Method == "GET" && request.Path == $"/v2/models/{model}")
            {
                return CannedAnswer.Json(Metadata(model, inputs, output));
            }

            if (request.Method == "POST" && request.Path == $"/v2/models/{model}/infer")
            {
                var tensors = Decode(request);
                Inferences.Enqueue(tensors);
                var (values, labels) = logits(tensors);
                return Answer(request, output, values, tensors.Rows, labels);
            }

            return new CannedAnswer(400, $"{{\"error\":\"unknown route {request.Method} {request.Path}\"}}");
        });
    }

    /// <summary>The server's root URL.</summary>
    public Uri BaseUrl => _server.BaseUrl;

    /// <summary>Every request received, metadata reads included.</summary>
    public IReadOnlyCollection<ReceivedRequest> Requests => _server.Requests;

    /// <summary>The decoded inference requests, in arrival order.</summary>
    public ConcurrentQueue<InferTensors> Inferences { get; } = new();

    public void Dispose() => _server.Dispose();

    /// <summary>The model metadata answer: INT64 [-1, -1] inputs, one FP32 output.</summary>
    public static string Metadata(string model, string[] inputs, string output) => new JsonObject
    {
        ["name"] = model,
        ["versions"] = new JsonArray("1"),
        ["platform"] = "onnxruntime_onnx",
        ["inputs"] = new JsonArray(inputs.Select(i => (JsonNode)new JsonObject { ["name"] = i, ["datatype"] = "INT64", ["shape"] = new JsonArray(-1, -1) }).ToArray()),
        ["outputs"] = new JsonArray(new JsonObject { ["name"] = output, ["datatype"] = "FP32", ["shape"] = new JsonArray(-1, -1) }),
    }.ToJsonString();

    private static InferTensors Decode(ReceivedRequest request)
    {
        var headerLength = request.Headers.TryGetValue("Inference-Header-Content-Length", out var value) ? int.Parse(value) : request.RawBody.Length;
        var header = JsonNode.Parse(Encoding.UTF8.GetString(request.RawBody, 0, headerLength))!;
        var inputs = new Dictionary<string, long[]>();
        var offset = headerLength;
        int rows = 0, sequence = 0;
        foreach (var input in header["inputs"]!.AsArray())
        {
            Assert.That(input!["datatype"]!.GetValue<string>(), Is.EqualTo("INT64"));
            var shape = input["shape"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray();
            (rows, sequence) = (shape[0], shape[1]);
            long[] data;
            if (input["parameters"]?["binary_data_size"] is { } size)
            {
                var bytes = size.GetValue<int>();
                Assert.That(bytes, Is.EqualTo(rows * sequence * sizeof(long)));
                data = new long[rows * sequence];
                for (var i = 0; i < data.Length; i++)
                {
                    data[i] = BinaryPrimitives.ReadInt64LittleEndian(request.RawBody.AsSpan(offset + (i * 8)));
                }

                offset += bytes;
            }
            else
            {
                data = input["data"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            }

            inputs[input["name"]!.GetValue<string>()] = data;
        }

        Assert.That(offset, Is.EqualTo(request.RawBody.Length), "the body ends where the binary tensors end");
        return new InferTensors(rows, sequence, inputs, headerLength != request.RawBody.Length);
    }

    private static CannedAnswer Answer(ReceivedRequest request, string output, float[] logits, int rows, int labels)
    {
        var headerLength = request.Headers.TryGetValue("Inference-Header-Content-Length", out var value) ? int.Parse(value) : request.RawBody.Length;
        var header = JsonNode.Parse(Encoding.UTF8.GetString(request.RawBody, 0, headerLength))!;
        var binary = header["outputs"]?[0]?["parameters"]?["binary_data"]?.GetValue<bool>() == true;
        var tensor = new JsonObject { ["name"] = output, ["datatype"] = "FP32", ["shape"] = new JsonArray(rows, labels) };
        if (!binary)
        {
            tensor["data"] = new JsonArray(logits.Select(l => (JsonNode)JsonValue.Create(l)).ToArray());
            return CannedAnswer.Json(new JsonObject { ["model_name"] = "m", ["outputs"] = new JsonArray(tensor) }.ToJsonString());
        }

        tensor["parameters"] = new JsonObject { ["binary_data_size"] = logits.Length * 4 };
        var json = Encoding.UTF8.GetBytes(new JsonObject { ["model_name"] = "m", ["outputs"] = new JsonArray(tensor) }.ToJsonString());
        var body = new byte[json.Length + (logits.Length * 4)];
        json.CopyTo(body, 0);
        for (var i = 0; i < logits.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(json.Length + (i * 4)), logits[i]);
        }

        return new CannedAnswer(200, "", new Dictionary<string, string> { ["Inference-Header-Content-Length"] = json.Length.ToString() }, body);
    }
}
