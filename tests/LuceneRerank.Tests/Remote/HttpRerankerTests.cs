using System.Diagnostics;
using System.Net;
using LuceneRerank.Remote;

namespace LuceneRerank.Tests.Remote;

/// <summary>HttpReranker against a scripted server on 127.0.0.1: both protocols, splitting, retries, errors, keys, cancellation.</summary>
public sealed class HttpRerankerTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(20);

    private static HttpReranker Reranker(LoopbackRerankServer server, RerankProtocol protocol = RerankProtocol.Cohere,
        Func<HttpRerankerOptions, HttpRerankerOptions>? adjust = null)
    {
        var options = new HttpRerankerOptions
        {
            Endpoint = server.Url(protocol == RerankProtocol.Cohere ? "v1/rerank" : "rerank"),
            Protocol = protocol,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            Timeout = TimeSpan.FromSeconds(10),
        };
        return new HttpReranker(adjust is null ? options : adjust(options));
    }

    private static HttpRerankerOptions With(HttpRerankerOptions o, int? maxDocuments = null, int? maxParallel = null,
        int? maxRetries = null, string? apiKey = null, string? model = null, TimeSpan? timeout = null) => new()
    {
        Endpoint = o.Endpoint,
        Protocol = o.Protocol,
        Model = model ?? o.Model,
        ApiKey = apiKey ?? o.ApiKey,
        RetryBaseDelay = o.RetryBaseDelay,
        Timeout = timeout ?? o.Timeout,
        MaxDocumentsPerRequest = maxDocuments ?? o.MaxDocumentsPerRequest,
        MaxParallelRequests = maxParallel ?? o.MaxParallelRequests,
        MaxRetries = maxRetries ?? o.MaxRetries,
    };

    private static float[] Expected(string[] passages) => passages.Select(RerankAnswers.ScoreOf).ToArray();

    [Test]
    public async Task Cohere_style_scores_come_back_in_input_order_when_the_server_lists_them_in_another()
    {
        using var server = new LoopbackRerankServer(RerankAnswers.Cohere);
        using var reranker = Reranker(server, RerankProtocol.Cohere, o => With(o, model: "rerank-v3.5"));
        var passages = RerankAnswers.Passages(5);

        var scores = await reranker.ScoreAsync("what is bm25", passages).WaitAsync(s_bound);

        Assert.That(scores, Is.EqualTo(Expected(passages)));
        var request = server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.Path, Is.EqualTo("/v1/rerank"));
            Assert.That(request.Headers["Content-Type"], Does.StartWith("application/json"));
            Assert.That(request.Json["model"]!.GetValue<string>(), Is.EqualTo("rerank-v3.5"));
            Assert.That(request.Json["query"]!.GetValue<string>(), Is.EqualTo("what is bm25"));
            Assert.That(request.Json["documents"]!.AsArray().Select(d => d!.GetValue<string>()), Is.EqualTo(passages));
            Assert.That(request.Json["top_n"]!.GetValue<int>(), Is.EqualTo(5));
            Assert.That(request.Json["return_documents"]!.GetValue<bool>(), Is.False);
            Assert.That(request.Headers.ContainsKey("Authorization"), Is.False, "no key, no Authorization header");
        });
        Assert.That(reranker.Description.ScoreMeaning, Does.Contain("relevance score from the server"));
    }

    [Test]
    public async Task Tei_scores_come_back_in_input_order_and_the_request_asks_for_raw_scores()
    {
        using var server = new LoopbackRerankServer(RerankAnswers.Tei);
        using var reranker = Reranker(server, RerankProtocol.Tei);
        var passages = RerankAnswers.Passages(4);

        var scores = await reranker.ScoreAsync("q", passages).WaitAsync(s_bound);

        Assert.That(scores, Is.EqualTo(Expected(passages)));
        var body = server.Requests.Single().Json;
        Assert.Multiple(() =>
        {
            Assert.That(server.Requests.Single().Path, Is.EqualTo("/rerank"));
            Assert.That(body["query"]!.GetValue<string>(), Is.EqualTo("q"));
            Assert.That(body["texts"]!.AsArray().Select(d => d!.GetValue<string>()), Is.EqualTo(passages));
            Assert.That(body["raw_scores"]!.GetValue<bool>(), Is.True);
            Assert.That(body["truncate"]!.GetValue<bool>(), Is.True);
            Assert.That(body["model"], Is.Null);
        });
        Assert.That(reranker.Description.ScoreMeaning, Does.Contain("raw logit"));
        Assert.That(reranker.Description.MaxLength, Is.EqualTo(0), "unknown unless the options say");
    }

    [Test]
    public async Task A_large_window_is_split_into_requests_sent_in_parallel_and_merged_in_order()
    {
        // Each request waits until all four have arrived (or 5 s): a client sending one at a time would show 1 here.
        var arrived = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = new LoopbackRerankServer(async (request, _, stop) =>
        {
            if (Interlocked.Increment(ref arrived) == 4)
            {
                allArrived.TrySetResult();
            }

            await Task.WhenAny(allArrived.Task, Task.Delay(TimeSpan.FromSeconds(5), stop));
            return RerankAnswers.Tei(request);
        });
        using var reranker = Reranker(server, RerankProtocol.Tei, o => With(o, maxDocuments: 3, maxParallel: 4));
        var passages = RerankAnswers.Passages(10);

        var scores = await reranker.ScoreAsync("q", passages).WaitAsync(s_bound);

        Assert.That(scores, Is.EqualTo(Expected(passages)));
        var sizes = server.Requests.Select(r => r.Json["texts"]!.AsArray().Count).OrderBy(n => n).ToArray();
        Assert.That(sizes, Is.EqualTo(new[] { 1, 3, 3, 3 }));
        Assert.That(server.MaxInFlight, Is.EqualTo(4), "the four requests were in flight together");
    }

    [Test]
    public async Task MaxParallelRequests_caps_the_requests_in_flight()
    {
        using var server = new LoopbackRerankServer(async (request, _, stop) =>
        {
            await Task.Delay(50, stop);
            return RerankAnswers.Cohere(request);
        });
        using var reranker = Reranker(server, RerankProtocol.Cohere, o => With(o, maxDocuments: 2, maxParallel: 2));
        var passages = RerankAnswers.Passages(12);

        var scores = await reranker.ScoreAsync("q", passages).WaitAsync(s_bound);

        Assert.That(scores, Is.EqualTo(Expected(passages)));
        Assert.That(server.Requests, Has.Count.EqualTo(6));
        Assert.That(server.MaxInFlight, Is.InRange(1, 2));
    }

    [Test]
    public async Task An_empty_call_sends_nothing()
    {
        using var server = new LoopbackRerankServer(RerankAnswers.Cohere);
        using var reranker = Reranker(server);

        Assert.That(await reranker.ScoreAsync("q", Array.Empty<string>()), Is.Empty);
        Assert.That(server.Requests, Is.Empty);
    }

    [Test]
    public async Task A_429_is_retried_after_the_wait_Retry_After_asks_for_and_then_succeeds()
    {
        using var server = new LoopbackRerankServer((request, number, _) => Task.FromResult(number == 0
            ? new CannedAnswer(429, "{\"error\":\"slow down\"}", new Dictionary<string, string> { ["Retry-After"] = "1" })
            : RerankAnswers.Cohere(request)));
        using var reranker = Reranker(server);
        var passages = RerankAnswers.Passages(3);
        var clock = Stopwatch.StartNew();

        var scores = await reranker.ScoreAsync("q", passages).WaitAsync(s_bound);

        Assert.That(scores, Is.EqualTo(Expected(passages)));
        Assert.That(server.Requests, Has.Count.EqualTo(2));
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)),
            "Retry-After: 1 was honoured (the computed backoff is 10 ms)");
    }

    [TestCase(429)]
    [TestCase(502)]
    [TestCase(503)]
    [TestCase(504)]
    public async Task Retries_stop_after_MaxRetries_with_an_error_naming_the_endpoint_status_and_body(int status)
    {
        using var server = new LoopbackRerankServer(_ => new CannedAnswer(status, "{\"error\":\"model overloaded\"}"));
        using var reranker = Reranker(server, RerankProtocol.Cohere, o => With(o, maxRetries: 2));

        var error = (await Assert.ThrowsAsync<RemoteRerankerException>(() => reranker.ScoreAsync("q", RerankAnswers.Passages(2)).WaitAsync(s_bound)))!;

        Assert.That(server.Requests, Has.Count.EqualTo(3), "one attempt and two retries");
        Assert.That(error.StatusCode, Is.EqualTo((HttpStatusCode)status));
        Assert.That(error.Endpoint, Is.EqualTo(reranker.Options.Endpoint));
        Assert.That(error.Message, Does.Contain(reranker.Options.Endpoint.ToString()));
        Assert.That(error.Message, Does.Contain($"answered {status}"));
        Assert.That(error.Message, Does.Contain("after 3 attempts"));
        Assert.That(error.Message, Does.Contain("model overloaded"));
    }

    [Test]
    public async Task A_500_is_not_retried_and_its_body_is_in_the_error_cut_to_500_characters()
    {
        var body = "{\"error\":\"CUDA out of memory\"}" + new string('x', 2000);
        using var server = new LoopbackRerankServer(_ => new CannedAnswer(500, body));
        using var reranker = Reranker(server);

        var error = (await Assert.ThrowsAsync<RemoteRerankerException>(() => reranker.ScoreAsync("q", RerankAnswers.Passages(2)).WaitAsync(s_bound)))!;

        Assert.That(server.Requests, Has.Count.EqualTo(1));
        Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(error.Message, Does.Contain("answered 500"));
        Assert.That(error.Message, Does.Contain("CUDA out of memory"));
        Assert.That(error.ResponseBody, Does.StartWith(body[..RemoteRerankerException.MaxBodyCharacters]));
        Assert.That(error.ResponseBody, Does.Contain($"({body.Length} characters in all)"));
        Assert.That(error.Message.Length, Is.LessThan(800), "the whole body is not pasted into the message");
    }

    [TestCase(RerankProtocol.Cohere, "{\"results\": [{\"index\": 0, ", "malformed JSON")]
    [TestCase(RerankProtocol.Tei, "<html>bad gateway</html>", "malformed JSON")]
    [TestCase(RerankProtocol.Cohere, "[{\"index\":0,\"score\":1},{\"index\":1,\"score\":2}]", "no \"results\" array")]
    [TestCase(RerankProtocol.Tei, "{\"results\":[]}", "not a JSON array")]
    [TestCase(RerankProtocol.Cohere, "{\"results\":[{\"index\":1,\"relevance_score\":0.5}]}", "1 of the 2 passages sent have no score (index 0)")]
    [TestCase(RerankProtocol.Tei, "[{\"index\":0,\"score\":1},{\"index\":0,\"score\":2}]", "index 0 appears more than once")]
    [TestCase(RerankProtocol.Tei, "[{\"index\":0,\"score\":1},{\"index\":2,\"score\":2}]", "index 2, outside the 2 passages sent")]
    [TestCase(RerankProtocol.Tei, "[{\"index\":0,\"score\":1},{\"index\":1,\"score\":\"high\"}]", "result 1 has no numeric \"score\"")]
    [TestCase(RerankProtocol.Cohere, "{\"results\":[{\"index\":\"0\",\"relevance_score\":1},{\"index\":1,\"relevance_score\":2}]}", "result 0 has no integer \"index\"")]
    public async Task An_unusable_answer_fails_with_the_endpoint_and_the_problem_named(RerankProtocol protocol, string answer, string problem)
    {
        using var server = new LoopbackRerankServer(_ => CannedAnswer.Json(answer));
        using var reranker = Reranker(server, protocol);

        var error = (await Assert.ThrowsAsync<InvalidDataException>(() => reranker.ScoreAsync("q", RerankAnswers.Passages(2)).WaitAsync(s_bound)))!;

        Assert.That(error.Message, Does.Contain(reranker.Options.Endpoint.ToString()));
        Assert.That(error.Message, Does.Contain(problem));
    }

    [Test]
    public async Task The_API_key_is_sent_as_a_bearer_token_on_every_request()
    {
        using var server = new LoopbackRerankServer(RerankAnswers.Cohere);
        using var reranker = Reranker(server, RerankProtocol.Cohere, o => With(o, apiKey: "sk-test-123", maxDocuments: 2));

        await reranker.ScoreAsync("q", RerankAnswers.Passages(3)).WaitAsync(s_bound);

        Assert.That(server.Requests.Select(r => r.Headers["Authorization"]), Is.EqualTo(new[] { "Bearer sk-test-123", "Bearer sk-test-123" }));
    }

    [Test]
    public void An_API_key_for_plain_http_to_a_host_that_is_not_loopback_is_refused_at_construction()
    {
        var error = Assert.Throws<ArgumentException>(() => new HttpReranker(new HttpRerankerOptions
        {
            Endpoint = new Uri("http://rerank.example.com/v1/rerank"),
            ApiKey = "sk-secret",
        }))!;

        Assert.That(error.Message, Does.Contain("http://rerank.example.com/v1/rerank"));
        Assert.That(error.Message, Does.Contain("AllowApiKeyOverHttp"));
        Assert.That(error.Message, Does.Not.Contain("sk-secret"), "the key itself is never echoed");
        Assert.DoesNotThrow(() => new HttpReranker(new HttpRerankerOptions
        {
            Endpoint = new Uri("http://rerank.example.com/v1/rerank"), ApiKey = "sk-secret", AllowApiKeyOverHttp = true,
        }).Dispose());
        Assert.DoesNotThrow(() => new HttpReranker(new HttpRerankerOptions
        {
            Endpoint = new Uri("https://rerank.example.com/v1/rerank"), ApiKey = "sk-secret",
        }).Dispose());
        Assert.DoesNotThrow(() => new HttpReranker(new HttpRerankerOptions
        {
            Endpoint = new Uri("http://localhost:8080/rerank"), ApiKey = "sk-secret",
        }).Dispose());
        Assert.DoesNotThrow(() => new HttpReranker(new HttpRerankerOptions
        {
            Endpoint = new Uri("http://rerank.example.com/v1/rerank"),
        }).Dispose(), "no key, nothing to protect");
    }

    [Test]
    public void Construction_sends_no_request_whether_the_key_is_accepted_or_refused()
    {
        // Construction checks the options only: neither an accepted nor a refused reranker contacts a server.
        using var server = new LoopbackRerankServer(RerankAnswers.Cohere);
        using (new HttpReranker(new HttpRerankerOptions { Endpoint = server.Url("v1/rerank"), ApiKey = "k" }))
        {
        }

        Assert.Throws<ArgumentException>(() => new HttpReranker(new HttpRerankerOptions
        {
            Endpoint = new Uri($"http://10.255.255.1:{server.BaseUrl.Port}/v1/rerank"), ApiKey = "k",
        }));
        Assert.That(server.Requests, Is.Empty);
    }

    [TestCase("ftp://host/rerank", "absolute http:// or https:// URL")]
    [TestCase("/relative/rerank", "absolute http:// or https:// URL")]
    public void An_endpoint_that_is_not_http_is_refused(string endpoint, string problem)
    {
        var error = Assert.Throws<ArgumentException>(() => new HttpReranker(new HttpRerankerOptions
        {
            Endpoint = new Uri(endpoint, UriKind.RelativeOrAbsolute),
        }))!;
        Assert.That(error.Message, Does.Contain(problem));
    }

    [Test]
    public void Limits_out_of_range_are_refused_naming_the_setting()
    {
        var endpoint = new Uri("http://127.0.0.1:1/rerank");
        Assert.That(Assert.Throws<ArgumentException>(() => new HttpReranker(new HttpRerankerOptions { Endpoint = endpoint, MaxDocumentsPerRequest = 0 }))!.Message,
            Does.Contain("MaxDocumentsPerRequest must be at least 1, not 0"));
        Assert.That(Assert.Throws<ArgumentException>(() => new HttpReranker(new HttpRerankerOptions { Endpoint = endpoint, MaxRetries = -1 }))!.Message,
            Does.Contain("MaxRetries must be at least 0, not -1"));
        Assert.That(Assert.Throws<ArgumentException>(() => new HttpReranker(new HttpRerankerOptions { Endpoint = endpoint, Timeout = TimeSpan.Zero }))!.Message,
            Does.Contain("Timeout must be positive"));
        Assert.That(Assert.Throws<ArgumentException>(() => new HttpReranker(new HttpRerankerOptions { Endpoint = endpoint, ApiKey = " " }))!.Message,
            Does.Contain("ApiKey is empty"));
    }

    [Test]
    public async Task Cancelling_the_call_stops_the_waiting_request_with_OperationCanceledException()
    {
        using var server = new LoopbackRerankServer(async (request, _, stop) =>
        {
            await Task.Delay(Timeout.Infinite, stop);
            return RerankAnswers.Cohere(request);
        });
        using var reranker = Reranker(server);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        Assert.That(async () => await reranker.ScoreAsync("q", RerankAnswers.Passages(2), cancel.Token).WaitAsync(s_bound),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        await Task.CompletedTask;
    }

    [Test]
    public async Task A_request_slower_than_the_timeout_fails_with_TimeoutException_and_is_not_retried()
    {
        using var server = new LoopbackRerankServer(async (request, _, stop) =>
        {
            await Task.Delay(Timeout.Infinite, stop);
            return RerankAnswers.Cohere(request);
        });
        using var reranker = Reranker(server, RerankProtocol.Cohere, o => With(o, timeout: TimeSpan.FromMilliseconds(200)));

        var error = (await Assert.ThrowsAsync<TimeoutException>(() => reranker.ScoreAsync("q", RerankAnswers.Passages(2)).WaitAsync(s_bound)))!;

        Assert.That(error.Message, Does.Contain(reranker.Options.Endpoint.ToString()));
        Assert.That(error.Message, Does.Contain("200 ms"));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_server_that_cannot_be_reached_fails_with_the_endpoint_named()
    {
        Uri endpoint;
        using (var server = new LoopbackRerankServer(RerankAnswers.Cohere))
        {
            endpoint = server.Url("v1/rerank");
        }

        using var reranker = new HttpReranker(new HttpRerankerOptions { Endpoint = endpoint, Timeout = TimeSpan.FromSeconds(5) });

        var error = (await Assert.ThrowsAsync<RemoteRerankerException>(() => reranker.ScoreAsync("q", RerankAnswers.Passages(1)).WaitAsync(s_bound)))!;
        Assert.That(error.StatusCode, Is.Null);
        Assert.That(error.Message, Does.Contain($"{endpoint} could not be reached"));
    }

    [Test]
    public async Task A_client_passed_in_is_not_disposed_and_an_owned_one_is()
    {
        using var server = new LoopbackRerankServer(RerankAnswers.Cohere);
        using var client = new HttpClient();
        var options = new HttpRerankerOptions { Endpoint = server.Url("v1/rerank") };

        new HttpReranker(options, client).Dispose();
        using var again = new HttpReranker(options, client);
        Assert.That(await again.ScoreAsync("q", RerankAnswers.Passages(1)).WaitAsync(s_bound), Is.EqualTo(new[] { 0.5f }));

        var owning = new HttpReranker(options);
        owning.Dispose();
        owning.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => owning.ScoreAsync("q", RerankAnswers.Passages(1)));
    }
}
