using System.Text.Json.Nodes;
using LuceneRerank.SearchConsole.Tests.Reranking;
using LuceneRerank.Tests.Remote;
using LuceneRerank.Tests.TestSupport;
using LuceneRerank.Toolkit.Trec;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LuceneRerank.SearchConsole.Tests.Commands;

/// <summary>
/// <c>lrr-search --reranker http</c> and <c>--stage http…</c> against rerank servers on 127.0.0.1: Cohere-style, TEI
/// and KServe (a fake Triton running the same ONNX model as the in-process run), the shared remote options, and the
/// errors of options that cannot work.
/// </summary>
public sealed class RemoteRerankerOptionsTests
{
    private RerankerTestBed _bed = null!;

    [OneTimeSetUp]
    public void Build() => _bed = new RerankerTestBed();

    [OneTimeTearDown]
    public void Delete() => _bed.Dispose();

    /// <summary>A score that grows with the passage's "cancer" count: the test bed's oracle order.</summary>
    private static float CancerCount(string passage) => passage.Split(' ').Count(w => w == "cancer");

    private static CannedAnswer Answer(ReceivedRequest request)
    {
        var json = request.Json;
        if (json["texts"] is JsonArray texts)
        {
            return CannedAnswer.Json(new JsonArray(texts.Select((t, i) => (JsonNode)new JsonObject { ["index"] = i, ["score"] = CancerCount(t!.GetValue<string>()) }).ToArray()).ToJsonString());
        }

        var documents = json["documents"]!.AsArray();
        return CannedAnswer.Json(new JsonObject
        {
            ["results"] = new JsonArray(documents.Select((d, i) => (JsonNode)new JsonObject { ["index"] = i, ["relevance_score"] = CancerCount(d!.GetValue<string>()) }).ToArray()),
        }.ToJsonString());
    }

    [TestCase("cohere", "v1/rerank")]
    [TestCase("tei", "rerank")]
    public void Reranker_http_reranks_with_the_servers_scores(string protocol, string route)
    {
        using var server = new LoopbackRerankServer(Answer);

        var (console, ranking) = _bed.Search("--reranker", "http", "--endpoint", server.Url(route).ToString(), "--protocol", protocol);

        Assert.That(console.ExitCode, Is.EqualTo(0), console.Error);
        Assert.That(ranking, Is.EqualTo(RerankerTestBed.OracleOrder));
        var request = server.Requests.Single();
        Assert.That(request.Path, Is.EqualTo("/" + route));
        Assert.That(request.Json[protocol == "tei" ? "texts" : "documents"]!.AsArray(), Has.Count.EqualTo(4));
    }

    [Test]
    public void An_http_stage_gets_the_remote_model_and_the_api_key_from_the_shared_options()
    {
        using var server = new LoopbackRerankServer(Answer);
        const string variable = "LRR_TEST_REMOTE_KEY";
        Environment.SetEnvironmentVariable(variable, "secret-key");
        try
        {
            var (console, ranking) = _bed.Search("--stage", $"http:4:{server.Url("v1/rerank")}", "--remote-model", "rerank-v3.5", "--api-key-env", variable);

            Assert.That(console.ExitCode, Is.EqualTo(0), console.Error);
            Assert.That(ranking, Is.EqualTo(RerankerTestBed.OracleOrder));
            var request = server.Requests.Single();
            Assert.That(request.Headers["Authorization"], Is.EqualTo("Bearer secret-key"));
            Assert.That(request.Json["model"]!.GetValue<string>(), Is.EqualTo("rerank-v3.5"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Test]
    public void Reranker_http_with_kserve_ranks_and_scores_as_the_in_process_cross_encoder()
    {
        var folder = GeneratedModels.XenovaOneLabel;
        var modelPath = Directory.EnumerateFiles(folder, "model.onnx", SearchOption.AllDirectories).First();
        using var session = new InferenceSession(modelPath);
        using var server = new FakeKServeServer("minilm", session.InputMetadata.Keys.ToArray(), session.OutputMetadata.Keys.Single(), tensors =>
        {
            var inputs = tensors.Inputs.Select(kv => NamedOnnxValue.CreateFromTensor(kv.Key, new DenseTensor<long>(kv.Value, [tensors.Rows, tensors.SequenceLength]))).ToList();
            using var results = session.Run(inputs);
            var logits = results.First().AsTensor<float>();
            return (logits.ToArray(), logits.Dimensions[1]);
        });
        var localRun = Path.Combine(_bed.Corpus.Root, "local-run.txt");
        var remoteRun = Path.Combine(_bed.Corpus.Root, "remote-run.txt");

        var local = ConsoleRun.Run("--index", _bed.Index, "--queries", _bed.Topics, "--run-out", localRun, "--model", folder);
        var remote = ConsoleRun.Run("--index", _bed.Index, "--queries", _bed.Topics, "--run-out", remoteRun, "--model", folder,
            "--reranker", "http", "--protocol", "kserve", "--endpoint", server.BaseUrl.ToString(), "--remote-model", "minilm");

        Assert.That(local.ExitCode, Is.EqualTo(0), local.Error);
        Assert.That(remote.ExitCode, Is.EqualTo(0), remote.Error);
        var expected = TrecRunReader.Read(localRun)["1"];
        var actual = TrecRunReader.Read(remoteRun)["1"];
        Assert.That(actual.Select(e => e.DocumentId), Is.EqualTo(expected.Select(e => e.DocumentId)));
        Assert.That(actual.Select(e => e.Score), Is.EqualTo(expected.Select(e => e.Score)).Within(1e-5));
        Assert.That(server.Inferences, Is.Not.Empty, "the remote run went through the KServe server");
        Assert.That(actual[0].Tag, Is.EqualTo("lrr-http-kserve-minilm"));
    }

    [TestCase(new[] { "--reranker", "http" }, "--reranker http needs --endpoint URL")]
    [TestCase(new[] { "--endpoint", "http://127.0.0.1:1/rerank" }, "--endpoint and --protocol need --reranker http")]
    [TestCase(new[] { "--reranker", "http", "--endpoint", "ftp://x/rerank" }, "--endpoint 'ftp://x/rerank' is not an absolute http:// or https:// URL")]
    [TestCase(new[] { "--reranker", "http", "--endpoint", "http://127.0.0.1:1/", "--protocol", "kserve" }, "--protocol kserve needs the served model's tokenizer folder")]
    [TestCase(new[] { "--remote-model", "x" }, "--remote-model, --api-key-env and --tokenizer need --reranker http or an http --stage")]
    [TestCase(new[] { "--stage", "http@grpc:4:http://127.0.0.1:1/" }, "unknown protocol 'grpc'")]
    [TestCase(new[] { "--stage", "http:4:not-a-url" }, "the URL 'not-a-url' is not an absolute http:// or https:// URL")]
    public void Remote_options_that_cannot_work_are_usage_errors(string[] options, string problem)
    {
        var (console, _) = _bed.Search(options);

        Assert.That(console.ExitCode, Is.EqualTo(2), console.Error);
        Assert.That(console.Error, Does.Contain(problem));
    }

    [Test]
    public void An_api_key_variable_that_is_not_set_is_named()
    {
        using var server = new LoopbackRerankServer(Answer);

        var (console, _) = _bed.Search("--reranker", "http", "--endpoint", server.Url("rerank").ToString(), "--api-key-env", "LRR_TEST_NO_SUCH_VARIABLE");

        Assert.That(console.ExitCode, Is.Not.EqualTo(0));
        Assert.That(console.Error, Does.Contain("LRR_TEST_NO_SUCH_VARIABLE is not set"));
        Assert.That(server.Requests, Is.Empty);
    }

    [Test]
    public void A_server_that_cannot_be_reached_fails_the_search_naming_the_endpoint()
    {
        var server = new LoopbackRerankServer(Answer);
        var endpoint = server.Url("rerank");
        server.Dispose();

        var (console, _) = _bed.Search("--reranker", "http", "--endpoint", endpoint.ToString(), "--protocol", "tei");

        Assert.That(console.ExitCode, Is.Not.EqualTo(0));
        Assert.That(console.Error, Does.Contain($"{endpoint} could not be reached"));
    }
}
