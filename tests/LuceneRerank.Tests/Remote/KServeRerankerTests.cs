using System.Text.Json.Nodes;
using LuceneRerank.Remote;
using LuceneRerank.Reranking;
using LuceneRerank.Testing;
using LuceneRerank.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LuceneRerank.Tests.Remote;

/// <summary>
/// HttpReranker's KServe v2 protocol against fake KServe servers on 127.0.0.1: the ids sent are the in-process
/// cross-encoder's, a server running the same ONNX model gives the in-process scores, and bad metadata or answers fail
/// with the problem named.
/// </summary>
public sealed class KServeRerankerTests
{
    private const string Model = "cross-encoder";
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);
    private static readonly string[] s_bertInputs = ["input_ids", "attention_mask", "token_type_ids"];

    private static readonly string[] s_passages =
    [
        "The quick brown fox jumps over the lazy dog.",
        string.Join(' ', Enumerable.Repeat("lucene neural reranking of passages with cross encoders", 60)),
        "Café Ünïcödé naïve résumé — accents and dashes.",
        "",
        "BM25 ranks documents by term frequency and inverse document frequency.",
    ];

    private static string Folder(string name) => name switch
    {
        "xenova-1-label" => GeneratedModels.XenovaOneLabel,
        "vocab-2-labels" => GeneratedModels.VocabTwoLabels,
        "no-token-types" => GeneratedModels.NoTokenTypeIds,
        "xlm-roberta" => GeneratedModels.XlmRobertaOneLabel,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static HttpReranker Reranker(Uri root, string tokenizerFolder, bool binary = false, bool readMetadata = true, int perRequest = 2) =>
        new(new HttpRerankerOptions
        {
            Endpoint = root,
            Protocol = RerankProtocol.KServe,
            Model = Model,
            MaxDocumentsPerRequest = perRequest,
            Timeout = TimeSpan.FromSeconds(20),
            KServe = new KServeOptions { TokenizerDirectory = tokenizerFolder, BinaryTensors = binary, ReadModelMetadata = readMetadata },
        });

    /// <summary>A checksum of a row's ids that a float holds exactly: what the checksum server answers as the logit.</summary>
    private static float Checksum(IReadOnlyList<long> ids, IReadOnlyList<long> types)
    {
        long sum = 0;
        for (var j = 0; j < ids.Count; j++)
        {
            sum += (ids[j] * (j + 1)) + (types[j] * 7 * (j + 1));
        }

        return sum % 99991;
    }

    private static (float[] Logits, int Labels) ChecksumLogits(InferTensors tensors)
    {
        var logits = new float[tensors.Rows];
        for (var row = 0; row < tensors.Rows; row++)
        {
            var ids = tensors.Row("input_ids", row);
            var types = tensors.Inputs.ContainsKey("token_type_ids") ? tensors.Row("token_type_ids", row) : new long[ids.Length];
            logits[row] = Checksum(ids, types);
        }

        return (logits, 1);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task The_ids_sent_are_the_in_process_encoders_and_scores_come_back_in_order(bool binary)
    {
        using var inProcess = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        using var server = new FakeKServeServer(Model, s_bertInputs, "logits", ChecksumLogits);
        using var reranker = Reranker(server.BaseUrl, GeneratedModels.XenovaOneLabel, binary);
        const string query = "how do cross encoders rerank lucene results";

        var scores = await reranker.ScoreAsync(query, s_passages).WaitAsync(s_bound);

        var expected = s_passages.Select(p => inProcess.Encoder.EncodePair(query, p)).ToArray();
        Assert.That(expected[1].InputIds, Has.Length.EqualTo(inProcess.Encoder.MaxLength), "the long passage is cut to the model's length");
        var sent = server.Inferences.SelectMany(t => Enumerable.Range(0, t.Rows).Select(r => (Ids: t.Row("input_ids", r), Types: t.Row("token_type_ids", r)))).ToArray();
        Assert.That(server.Inferences.Select(t => t.Rows), Is.EquivalentTo(new[] { 2, 2, 1 }), "MaxDocumentsPerRequest 2");
        Assert.That(server.Inferences.All(t => t.Binary == binary), Is.True);
        Assert.That(sent.Select(s => s.Ids).OrderBy(i => i.Length).ThenBy(i => string.Join(",", i)),
            Is.EqualTo(expected.Select(e => e.InputIds.Select(i => (long)i).ToArray()).OrderBy(i => i.Length).ThenBy(i => string.Join(",", i))));
        Assert.That(scores, Is.EqualTo(expected.Select(e => Checksum(e.InputIds.Select(i => (long)i).ToArray(), e.TokenTypeIds.Select(i => (long)i).ToArray())).ToArray()),
            "each score is its own pair's checksum, in the order of the passages");
        Assert.That(server.Requests.Count(r => r.Method == "GET"), Is.EqualTo(1), "the metadata is read once");
        var infer = server.Requests.First(r => r.Method == "POST");
        Assert.That(infer.Headers["Content-Type"], Does.StartWith(binary ? "application/octet-stream" : "application/json"));
        Assert.That(infer.Headers.ContainsKey("Inference-Header-Content-Length"), Is.EqualTo(binary));
        Assert.That(reranker.Description.MaxLength, Is.EqualTo(inProcess.Encoder.MaxLength));
    }

    [Test]
    public async Task Padding_rows_are_masked_and_padded_with_the_tokenizers_padding_id()
    {
        using var inProcess = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        using var server = new FakeKServeServer(Model, s_bertInputs, "logits", ChecksumLogits);
        using var reranker = Reranker(server.BaseUrl, GeneratedModels.XenovaOneLabel, perRequest: 8);

        await reranker.ScoreAsync("q", ["short", "a somewhat longer passage than the first one"]).WaitAsync(s_bound);

        var tensors = server.Inferences.Single();
        var shortLength = inProcess.Encoder.EncodePair("q", "short").InputIds.Length;
        Assert.That(tensors.SequenceLength, Is.EqualTo(inProcess.Encoder.EncodePair("q", "a somewhat longer passage than the first one").InputIds.Length));
        var mask = tensors.Inputs["attention_mask"].AsSpan(0, tensors.SequenceLength).ToArray();
        Assert.That(mask, Is.EqualTo(Enumerable.Repeat(1L, shortLength).Concat(Enumerable.Repeat(0L, tensors.SequenceLength - shortLength))));
        Assert.That(tensors.Inputs["input_ids"].AsSpan(shortLength, tensors.SequenceLength - shortLength).ToArray(),
            Is.All.EqualTo((long)inProcess.Encoder.PaddingTokenId));
    }

    [TestCase("xenova-1-label", false)]
    [TestCase("vocab-2-labels", true)]
    [TestCase("no-token-types", false)]
    [TestCase("xlm-roberta", true)]
    public async Task A_server_running_the_same_ONNX_model_gives_the_in_process_scores(string name, bool binary)
    {
        var folder = Folder(name);
        using var inProcess = CrossEncoderReranker.Create(folder);
        using var session = new InferenceSession(inProcess.Files.ModelPath);
        var inputs = session.InputMetadata.Keys.ToArray();
        using var server = new FakeKServeServer(Model, inputs, session.OutputMetadata.Keys.Single(), tensors => Run(session, tensors));
        using var reranker = Reranker(server.BaseUrl, folder, binary, perRequest: 3);
        const string query = "neural reranking with cross encoders";

        var remote = await reranker.ScoreAsync(query, s_passages).WaitAsync(s_bound);
        var local = inProcess.Score(query, s_passages);

        Assert.That(remote, Is.EqualTo(local).Within(1e-5), $"{name}: {string.Join(", ", remote)} vs {string.Join(", ", local)}");
        Assert.That(server.Inferences.All(t => t.Inputs.Keys.Order().SequenceEqual(inputs.Order())), Is.True,
            $"exactly the model's inputs are sent ({string.Join(", ", inputs)})");
    }

    [Test]
    public async Task Without_the_metadata_read_the_tokenizer_decides_the_token_types_and_nothing_is_asked()
    {
        using var server = new FakeKServeServer(Model, s_bertInputs, "logits", ChecksumLogits);
        using var reranker = Reranker(server.BaseUrl, GeneratedModels.VocabTwoLabels, readMetadata: false);

        await reranker.ScoreAsync("q", ["p"]).WaitAsync(s_bound);

        Assert.That(server.Requests.Select(r => r.Method), Is.EqualTo(new[] { "POST" }));
        Assert.That(server.Inferences.Single().Inputs.Keys, Is.EquivalentTo(s_bertInputs));
    }

    [Test]
    public async Task Two_label_logits_become_the_relevant_labels_softmax_probability_as_in_process()
    {
        using var server = new FakeKServeServer(Model, s_bertInputs, "logits", t => (Enumerable.Range(0, t.Rows).SelectMany(r => new[] { 0.5f, 0.5f + r }).ToArray(), 2));
        using var reranker = Reranker(server.BaseUrl, GeneratedModels.VocabTwoLabels, perRequest: 8);

        var scores = await reranker.ScoreAsync("q", ["a", "b", "c"]).WaitAsync(s_bound);

        Assert.That(scores, Is.EqualTo(new[] { 0.5f, (float)(1 / (1 + Math.Exp(-1))), (float)(1 / (1 + Math.Exp(-2))) }).Within(1e-6));
    }

    [TestCase("{\"name\":\"m\",\"inputs\":[{\"name\":\"input_ids\",\"datatype\":\"INT64\"}],\"outputs\":[{\"name\":\"logits\"}]}", "no input 'attention_mask'")]
    [TestCase("{\"inputs\":[{\"name\":\"input_ids\"},{\"name\":\"attention_mask\"},{\"name\":\"pixel_values\"}],\"outputs\":[{\"name\":\"logits\"}]}", "input 'pixel_values' that a cross-encoder does not")]
    [TestCase("{\"inputs\":[{\"name\":\"input_ids\",\"datatype\":\"INT32\"},{\"name\":\"attention_mask\"}],\"outputs\":[{\"name\":\"logits\"}]}", "input 'input_ids' is INT32, not INT64")]
    [TestCase("{\"inputs\":[{\"name\":\"input_ids\"},{\"name\":\"attention_mask\"}],\"outputs\":[{\"name\":\"a\"},{\"name\":\"b\"}]}", "no output 'logits' and more than one output")]
    [TestCase("{\"inputs\":", "model metadata is malformed JSON")]
    public async Task Metadata_of_a_model_that_is_not_a_cross_encoder_is_refused_naming_the_url(string metadata, string problem)
    {
        using var server = new LoopbackRerankServer(_ => CannedAnswer.Json(metadata));
        using var reranker = Reranker(server.BaseUrl, GeneratedModels.XenovaOneLabel);

        var e = (await Assert.ThrowsAsync<InvalidDataException>(() => reranker.ScoreAsync("q", ["p"]).WaitAsync(s_bound)))!;

        Assert.That(e.Message, Does.Contain(problem));
        Assert.That(e.Message, Does.Contain($"{server.BaseUrl}v2/models/{Model}"));
        Assert.That(server.Requests.Select(r => r.Method), Is.EqualTo(new[] { "GET" }), "no inference after bad metadata");
    }

    [TestCase("{\"outputs\":[{\"name\":\"logits\",\"datatype\":\"FP32\",\"shape\":[1,3],\"data\":[1,2,3]}]}", "shape [1, 3] for 1 pairs")]
    [TestCase("{\"outputs\":[{\"name\":\"logits\",\"datatype\":\"FP32\",\"shape\":[2,1],\"data\":[1,2]}]}", "shape [2, 1] for 1 pairs")]
    [TestCase("{\"outputs\":[{\"name\":\"logits\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1]}]}", "has 1 values; its shape asks for 2")]
    [TestCase("{\"outputs\":[{\"name\":\"other\",\"shape\":[1,1],\"data\":[1]},{\"name\":\"x\",\"shape\":[1,1],\"data\":[1]}]}", "no output named 'logits'")]
    [TestCase("{\"outputs\":[{\"name\":\"logits\",\"shape\":[1,1],\"data\":[\"high\"]}]}", "holds a String where a number belongs")]
    [TestCase("{\"error\":\"model is loading\"}", "no \"outputs\" array")]
    [TestCase("<html>502</html>", "inference answer is malformed JSON")]
    public async Task An_inference_answer_of_the_wrong_shape_fails_with_the_problem_named(string answer, string problem)
    {
        using var server = new LoopbackRerankServer(r => CannedAnswer.Json(r.Method == "GET" ? FakeKServeServer.Metadata(Model, s_bertInputs, "logits") : answer));
        using var reranker = Reranker(server.BaseUrl, GeneratedModels.XenovaOneLabel);

        var e = (await Assert.ThrowsAsync<InvalidDataException>(() => reranker.ScoreAsync("q", ["p"]).WaitAsync(s_bound)))!;

        Assert.That(e.Message, Does.Contain(problem));
        Assert.That(e.Message, Does.Contain($"v2/models/{Model}/infer"));
    }

    [Test]
    public async Task A_binary_answer_whose_sizes_do_not_add_up_is_refused()
    {
        var json = "{\"outputs\":[{\"name\":\"logits\",\"datatype\":\"FP32\",\"shape\":[1,1],\"parameters\":{\"binary_data_size\":8}}]}";
        var body = System.Text.Encoding.UTF8.GetBytes(json).Concat(new byte[4]).ToArray();
        using var server = new LoopbackRerankServer(r => r.Method == "GET"
            ? CannedAnswer.Json(FakeKServeServer.Metadata(Model, s_bertInputs, "logits"))
            : new CannedAnswer(200, "", new Dictionary<string, string> { ["Inference-Header-Content-Length"] = json.Length.ToString() }, body));
        using var reranker = Reranker(server.BaseUrl, GeneratedModels.XenovaOneLabel, binary: true);

        var e = (await Assert.ThrowsAsync<InvalidDataException>(() => reranker.ScoreAsync("q", ["p"]).WaitAsync(s_bound)))!;

        Assert.That(e.Message, Does.Contain("says 8 binary bytes; 1 FP32 values are 4"));
    }

    [Test]
    public void Options_that_cannot_work_for_KServe_are_refused_at_construction()
    {
        var root = new Uri("http://127.0.0.1:9/");
        Assert.That(() => new HttpReranker(new HttpRerankerOptions { Endpoint = root, Protocol = RerankProtocol.KServe, Model = Model }),
            Throws.ArgumentException.With.Message.Contains("HttpRerankerOptions.KServe is required"));
        Assert.That(() => new HttpReranker(new HttpRerankerOptions
            {
                Endpoint = root, Protocol = RerankProtocol.KServe, KServe = new KServeOptions { TokenizerDirectory = GeneratedModels.XenovaOneLabel },
            }),
            Throws.ArgumentException.With.Message.Contains("HttpRerankerOptions.Model is required"));
        var missing = Path.Combine(TestPaths.NewTempDirectory(), "nothing-here");
        Assert.That(() => Reranker(root, missing), Throws.TypeOf<DirectoryNotFoundException>().With.Message.Contains(missing));
        var empty = TestPaths.NewTempDirectory();
        Assert.That(() => Reranker(root, empty), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("No tokenizer in"));
        Assert.That(() => new HttpReranker(new HttpRerankerOptions
            {
                Endpoint = root, Protocol = RerankProtocol.KServe, Model = Model,
                KServe = new KServeOptions { TokenizerDirectory = GeneratedModels.XenovaOneLabel, PositiveLabel = 2 },
            }),
            Throws.ArgumentException.With.Message.Contains("PositiveLabel must be 0 or 1"));
    }

    private static (float[] Logits, int Labels) Run(InferenceSession session, InferTensors tensors)
    {
        var inputs = tensors.Inputs
            .Select(kv => NamedOnnxValue.CreateFromTensor(kv.Key, new DenseTensor<long>(kv.Value, [tensors.Rows, tensors.SequenceLength])))
            .ToList();
        using var results = session.Run(inputs);
        var logits = results.First().AsTensor<float>();
        return (logits.ToArray(), logits.Dimensions[1]);
    }
}
