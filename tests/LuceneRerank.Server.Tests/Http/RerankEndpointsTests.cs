using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LuceneRerank.Remote;
using LuceneRerank.Server.Scheduling;
using LuceneRerank.Server.Tests.TestSupport;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Server.Tests.Http;

/// <summary>The routes over real HTTP on 127.0.0.1: both body shapes, limits, keys, the queue bound, disconnects, shutdown, probes, metrics.</summary>
public sealed class RerankEndpointsTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(RunningServer server, string route, string json)
    {
        var response = await server.Client.PostAsync(route, Json(json)).WaitAsync(s_bound);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    [TestCase("rerank")]
    [TestCase("v1/rerank")]
    public async Task A_Cohere_style_body_gets_results_sorted_by_score_cut_to_top_n_with_documents(string route)
    {
        var reranker = new TextFunctionReranker();
        await using var server = await RunningServer.StartAsync(reranker, new RerankServerOptions { ModelName = "m1" });
        string[] documents = ["alpha", "beta", "gamma", "delta"];

        var (status, body, _) = await PostAsync(server, route,
            """{"model":"m1","query":"q","documents":["alpha",{"text":"beta"},"gamma","delta"],"top_n":3,"return_documents":true}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var expected = documents.Select((d, i) => (Index: i, Score: TextFunctionReranker.Expected("q", d)))
            .OrderByDescending(x => x.Score).Take(3).ToArray();
        var results = body!["results"]!.AsArray();
        Assert.That(results.Select(r => (int)r!["index"]!), Is.EqualTo(expected.Select(e => e.Index)));
        Assert.That(results.Select(r => (float)r!["relevance_score"]!), Is.EqualTo(expected.Select(e => e.Score)));
        Assert.That(results.Select(r => (string)r!["document"]!["text"]!), Is.EqualTo(expected.Select(e => documents[e.Index])));
        Assert.That((string)body["model"]!, Is.EqualTo("m1"));
    }

    [Test]
    public async Task A_TEI_body_gets_every_text_raw_or_through_a_sigmoid()
    {
        var reranker = new TextFunctionReranker();
        await using var server = await RunningServer.StartAsync(reranker, new RerankServerOptions());

        var (_, raw, _) = await PostAsync(server, "rerank", """{"query":"q","texts":["a","b","c"],"raw_scores":true,"return_text":true}""");
        var (_, squashed, _) = await PostAsync(server, "rerank", """{"query":"q","texts":["a","b","c"]}""");

        var rawScores = raw!.AsArray().ToDictionary(r => (int)r!["index"]!, r => (float)r!["score"]!);
        Assert.That(rawScores, Is.EqualTo(new[] { "a", "b", "c" }.Select((t, i) => (i, TextFunctionReranker.Expected("q", t))).ToDictionary(x => x.i, x => x.Item2)));
        Assert.That(raw.AsArray().Select(r => (float)r!["score"]!), Is.Ordered.Descending);
        Assert.That(raw.AsArray().Select(r => (string)r!["text"]!), Is.EquivalentTo(new[] { "a", "b", "c" }));
        foreach (var r in squashed!.AsArray())
        {
            Assert.That((float)r!["score"]!, Is.EqualTo(1 / (1 + Math.Exp(-rawScores[(int)r["index"]!]))).Within(1e-6));
        }
    }

    [TestCase(RerankProtocol.Tei, true)]
    [TestCase(RerankProtocol.Cohere, true)]
    [TestCase(RerankProtocol.Tei, false)]
    [TestCase(RerankProtocol.Cohere, false)]
    public async Task HttpReranker_against_the_server_gives_the_in_process_scores_of_a_cross_encoder(RerankProtocol protocol, bool batching)
    {
        using var inProcess = Rerankers.Open(GeneratedModels.XenovaOneLabel);
        using var served = Rerankers.Open(GeneratedModels.XenovaOneLabel);
        await using var server = await RunningServer.StartAsync(served, new RerankServerOptions { Batching = batching });
        using var client = new HttpReranker(new HttpRerankerOptions
        {
            Endpoint = new Uri(server.BaseAddress, protocol == RerankProtocol.Tei ? "rerank" : "v1/rerank"), Protocol = protocol, MaxDocumentsPerRequest = 7,
        });
        var queries = Enumerable.Range(0, 12).Select(q => $"what does protein {q} do in cell signalling").ToArray();
        var passages = Enumerable.Range(0, 20).Select(p => string.Join(' ', Enumerable.Repeat($"passage {p} about kinase activity and signalling", 1 + (p % 5)))).ToArray();

        var remote = await Task.WhenAll(queries.Select(q => client.ScoreAsync(q, passages))).WaitAsync(TimeSpan.FromMinutes(2));

        for (var q = 0; q < queries.Length; q++)
        {
            var local = await inProcess.ScoreAsync(queries[q], passages);
            Assert.That(remote[q], Is.EqualTo(local).Within(1e-5f), $"query {q}");
        }

        if (batching)
        {
            var scheduler = (BatchingScheduler)server.Served.Current!.Scheduler;
            Assert.That(scheduler.PairsScored, Is.EqualTo(queries.Length * passages.Length));
        }
    }

    [Test]
    public async Task Each_limit_is_refused_with_its_status_and_a_JSON_error_naming_it()
    {
        await using var server = await RunningServer.StartAsync(new TextFunctionReranker(),
            new RerankServerOptions { MaxDocuments = 3, MaxQueryLength = 10, MaxRequestBytes = 300 });

        var documents = await PostAsync(server, "rerank", """{"query":"q","texts":["a","b","c","d"]}""");
        const string LongQuery = "a query longer than ten";
        var query = await PostAsync(server, "v1/rerank", $$"""{"query":"{{LongQuery}}","documents":["a"]}""");
        var bytes = await PostAsync(server, "rerank", $$"""{"query":"q","texts":["{{new string('x', 400)}}"]}""");
        var malformed = await PostAsync(server, "rerank", """{"query":"q","texts":["a""");
        var both = await PostAsync(server, "rerank", """{"query":"q","texts":["a"],"documents":["a"]}""");
        var notString = await PostAsync(server, "rerank", """{"query":"q","texts":["a", 3]}""");

        Assert.That((documents.Status, (string?)documents.Body!["limit"], (int?)documents.Body["limit_value"], (int?)documents.Body["actual"]),
            Is.EqualTo((HttpStatusCode.RequestEntityTooLarge, "max_documents", 3, 4)));
        Assert.That((query.Status, (string?)query.Body!["limit"], (int?)query.Body["actual"]), Is.EqualTo((HttpStatusCode.UnprocessableEntity, "max_query_length", LongQuery.Length)));
        Assert.That((bytes.Status, (string?)bytes.Body!["limit"]), Is.EqualTo((HttpStatusCode.RequestEntityTooLarge, "max_request_bytes")));
        Assert.That(malformed.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)malformed.Body!["error"], Does.Contain("not valid JSON"));
        Assert.That(both.Status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((string?)both.Body!["error"], Does.Contain("both \"texts\" (TEI) and \"documents\""));
        Assert.That((string?)notString.Body!["error"], Is.EqualTo("\"texts\"[1] must be a string"));
    }

    [Test]
    public async Task A_full_queue_answers_429_with_Retry_After_and_HttpReranker_retries_until_it_has_room()
    {
        var reranker = new TextFunctionReranker();
        await using var server = await RunningServer.StartAsync(reranker, new RerankServerOptions { MaxDocuments = 4, MaxQueuedPairs = 4 });
        reranker.Close();
        var first = PostAsync(server, "rerank", """{"query":"q","texts":["a","b","c"]}""");
        await reranker.Waiting.Task.WaitAsync(s_bound);

        var (status, body, response) = await PostAsync(server, "rerank", """{"query":"q","texts":["d","e"]}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That((string?)body!["limit"], Is.EqualTo("max_queued_pairs"));
        using var client = new HttpReranker(new HttpRerankerOptions { Endpoint = new Uri(server.BaseAddress, "rerank"), Protocol = RerankProtocol.Tei, MaxRetries = 3 });
        var retried = client.ScoreAsync("q", ["d", "e"]);
        await Task.Delay(300);
        reranker.Release();
        Assert.That(await retried.WaitAsync(s_bound), Is.EqualTo(new[] { TextFunctionReranker.Expected("q", "d"), TextFunctionReranker.Expected("q", "e") }));
        Assert.That((await first).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task API_keys_are_required_on_the_rerank_routes_and_info_but_not_on_the_probes()
    {
        await using var server = await RunningServer.StartAsync(new TextFunctionReranker(), new RerankServerOptions { ApiKeys = ["k-one", "k-two"] });
        const string Body = """{"query":"q","texts":["a"]}""";

        var none = await PostAsync(server, "rerank", Body);
        server.Client.DefaultRequestHeaders.Authorization = new("Bearer", "k-on");
        var wrong = await PostAsync(server, "rerank", Body);
        var info = await server.Client.GetAsync("info");
        server.Client.DefaultRequestHeaders.Authorization = new("Bearer", "k-two");
        var right = await PostAsync(server, "rerank", Body);
        server.Client.DefaultRequestHeaders.Authorization = null;
        var health = await server.Client.GetAsync("health");
        var ready = await server.Client.GetAsync("ready");

        Assert.That(none.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(none.Response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
        Assert.That(wrong.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(info.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(right.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((health.StatusCode, ready.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
        using var client = new HttpReranker(new HttpRerankerOptions { Endpoint = new Uri(server.BaseAddress, "rerank"), Protocol = RerankProtocol.Tei, ApiKey = "k-one" });
        Assert.That(await client.ScoreAsync("q", ["a"]), Is.EqualTo(new[] { TextFunctionReranker.Expected("q", "a") }));
    }

    [Test]
    public async Task A_client_that_disconnects_stops_costing_compute()
    {
        var reranker = new TextFunctionReranker();
        // One batch worker, busy with the blocker: the leaving request's pairs wait in the queue until it disconnects.
        await using var server = await RunningServer.StartAsync(reranker, new RerankServerOptions { BatchWorkers = 1 });
        reranker.Close();
        var blocker = PostAsync(server, "rerank", """{"query":"blocker","texts":["b"]}""");
        await reranker.Waiting.Task.WaitAsync(s_bound);
        using var leaving = new CancellationTokenSource();
        var left = server.Client.PostAsync("rerank", Json("""{"query":"leaving","texts":["1","2","3","4"]}"""), leaving.Token);
        var scheduler = (BatchingScheduler)server.Served.Current!.Scheduler;
        await WaitUntil(() => scheduler.QueuedPairs == 5);

        await leaving.CancelAsync();
        Assert.That(async () => await left, Throws.InstanceOf<OperationCanceledException>());
        await WaitUntil(() => scheduler.QueuedPairs == 1);
        reranker.Release();

        Assert.That((await blocker).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(reranker.Scored.Select(p => p.Query), Has.None.EqualTo("leaving"));
        Assert.That(scheduler.PairsDropped, Is.EqualTo(4));
    }

    [Test]
    public async Task Shutdown_drains_the_requests_in_flight_and_then_refuses_connections()
    {
        var reranker = new TextFunctionReranker();
        var server = await RunningServer.StartAsync(reranker, new RerankServerOptions());
        reranker.Close();
        var inFlight = PostAsync(server, "rerank", """{"query":"q","texts":["a","b"],"raw_scores":true}""");
        await reranker.Waiting.Task.WaitAsync(s_bound);

        var stopping = server.StopAsync();
        await Task.Delay(300);
        Assert.That(stopping.IsCompleted, Is.False, "the stop waits for the request in flight");
        reranker.Release();
        await stopping.WaitAsync(s_bound);

        var (status, body, _) = await inFlight;
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body!.AsArray().Select(r => (float)r!["score"]!), Is.EquivalentTo(new[] { TextFunctionReranker.Expected("q", "a"), TextFunctionReranker.Expected("q", "b") }));
        Assert.That(async () => await server.Client.PostAsync("rerank", Json("""{"query":"q","texts":["a"]}""")), Throws.InstanceOf<HttpRequestException>());
        await server.DisposeAsync();
    }

    [Test]
    public async Task Ready_and_rerank_answer_503_until_the_model_is_loaded_and_info_describes_it()
    {
        var loading = new TaskCompletionSource<TextFunctionReranker>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await RunningServer.StartAsync(services =>
            services.AddLuceneRerankServer(_ => loading.Task, new RerankServerOptions { MaxDocuments = 7, MaxQueuedPairs = 70 }));

        var readyBefore = await server.Client.GetAsync("ready");
        var rerankBefore = await PostAsync(server, "rerank", """{"query":"q","texts":["a"]}""");
        var health = await server.Client.GetAsync("health");
        loading.SetResult(new TextFunctionReranker());
        await WaitUntil(() => server.Served.Current is not null);
        var readyAfter = await server.Client.GetAsync("ready");
        var info = await server.Client.GetFromJsonAsync<JsonObject>("info");

        Assert.That(readyBefore.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That((rerankBefore.Status, rerankBefore.Response.Headers.RetryAfter?.Delta), Is.EqualTo((HttpStatusCode.ServiceUnavailable, (TimeSpan?)TimeSpan.FromSeconds(1))));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(readyAfter.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)info!["model"], Is.EqualTo("text-function"));
        Assert.That((int?)info["limits"]!["max_documents"], Is.EqualTo(7));
        Assert.That((int?)info["limits"]!["max_queued_pairs"], Is.EqualTo(70));
        Assert.That((bool?)info["batching"]!["enabled"], Is.True);
        Assert.That((int?)info["batching"]!["token_budget"], Is.EqualTo(4096));
    }

    [Test]
    public async Task Metrics_show_the_batches_the_refusals_the_requests_and_the_library_meter()
    {
        var reranker = new TextFunctionReranker();
        await using var server = await RunningServer.StartAsync(reranker, new RerankServerOptions { MaxDocuments = 2 });
        await PostAsync(server, "rerank", """{"query":"q","texts":["a","b"]}""");
        await PostAsync(server, "rerank", """{"query":"q","texts":["a","b","c"]}""");

        var text = await server.Client.GetStringAsync("metrics");

        Assert.That(text, Does.Contain("lucenererank_server_batch_pairs"));
        Assert.That(text, Does.Contain("lucenererank_server_queue_pairs"));
        Assert.That(text, Does.Match("lucenererank_server_requests_rejected[a-z_]*\\{[^}]*reason=\"max_documents\"[^}]*\\} 1"));
        Assert.That(text, Does.Match("lucenererank_server_pairs_requested[a-z_]*(\\{[^}]*\\})? 2"));
        Assert.That(text, Does.Contain("http_server_request_duration_seconds"));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + s_bound;
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "timed out waiting");
            await Task.Delay(10);
        }
    }
}
