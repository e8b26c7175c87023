using System.Diagnostics;
using Lucene.Net.Search;
using LuceneRerank.Remote;
using LuceneRerank.Rescoring;
using LuceneRerank.Tests.Rescoring;

namespace LuceneRerank.Tests.Remote;

/// <summary>
/// Server faults seen from the client, under NeuralRescorer's failure policy (loopback only, bounded): a server killed
/// mid-request, a slow one, a 429 storm, malformed and oversized answers, an open circuit. Each falls back to the first
/// pass with the failure named, or recovers.
/// </summary>
public sealed class HttpRerankerFaultTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(20);

    private static TestIndex FourDocs() => TestIndex.WithTexts("a score=1", "b score=5", "c score=3", "d score=4");

    private static TopDocs FourHits() => TestIndex.FirstPass(40, (0, 4f), (1, 3f), (2, 2f), (3, 1f));

    private static NeuralRescorer FallingBack(HttpReranker reranker) =>
        new(reranker, new NeuralRescorerOptions { FailurePolicy = FailurePolicy.FallBackToFirstPass }, "q");

    private static HttpRerankerOptions Options(LoopbackRerankServer server, int maxRetries = 0, int breaker = 5) => new()
    {
        Endpoint = server.Url("v1/rerank"),
        MaxRetries = maxRetries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        CircuitBreakerFailures = breaker,
        Timeout = TimeSpan.FromSeconds(10),
    };

    private static void AssertFirstPass(RescoreResult result) =>
        Assert.That(result.TopDocs.ScoreDocs.Select(s => s.Doc), Is.EqualTo(new[] { 0, 1, 2, 3 }));

    [Test]
    public async Task A_server_killed_mid_request_makes_the_rescorer_fall_back_with_the_endpoint_named()
    {
        using var index = FourDocs();
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = new LoopbackRerankServer(async (request, _, stop) =>
        {
            received.TrySetResult();
            await Task.Delay(Timeout.Infinite, stop);
            return RerankAnswers.Cohere(request);
        });
        using var reranker = new HttpReranker(Options(server));

        var rescoring = FallingBack(reranker).RescoreAsync(index.Searcher, FourHits(), 4);
        await received.Task.WaitAsync(s_bound);
        server.Dispose();
        var result = await rescoring.WaitAsync(s_bound);

        AssertFirstPass(result);
        Assert.That(result.FallbackReason, Is.EqualTo(FallbackReason.RerankerFailed));
        Assert.That(result.Failure, Is.TypeOf<RemoteRerankerException>());
        Assert.That(result.Failure!.Message, Does.Contain($"{server.Url("v1/rerank")} could not be reached"));
    }

    [Test]
    public async Task A_server_slower_than_the_request_timeout_makes_the_rescorer_fall_back_in_bounded_time()
    {
        using var index = FourDocs();
        using var server = new LoopbackRerankServer(async (request, _, stop) =>
        {
            await Task.Delay(Timeout.Infinite, stop);
            return RerankAnswers.Cohere(request);
        });
        using var reranker = new HttpReranker(new HttpRerankerOptions { Endpoint = server.Url("v1/rerank"), Timeout = TimeSpan.FromMilliseconds(300) });
        var clock = Stopwatch.StartNew();

        var result = await FallingBack(reranker).RescoreAsync(index.Searcher, FourHits(), 4).WaitAsync(s_bound);

        AssertFirstPass(result);
        Assert.That(result.FallbackReason, Is.EqualTo(FallbackReason.RerankerFailed));
        Assert.That(result.Failure, Is.TypeOf<TimeoutException>().With.Message.Contains("did not answer within 300 ms"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task A_429_storm_is_waited_out_with_backoff_and_the_window_is_reranked()
    {
        using var index = FourDocs();
        // The first six requests are turned away; the two chunks retry until the storm passes.
        using var server = new LoopbackRerankServer((request, number, _) => Task.FromResult(number < 6
            ? new CannedAnswer(429, "{\"error\":\"queue full\"}", new Dictionary<string, string> { ["Retry-After"] = "0" })
            : RerankAnswers.Cohere(request)));
        using var reranker = new HttpReranker(Options(server, maxRetries: 6, breaker: 0) is var o
            ? new HttpRerankerOptions { Endpoint = o.Endpoint, MaxRetries = 6, RetryBaseDelay = o.RetryBaseDelay, CircuitBreakerFailures = 0, MaxDocumentsPerRequest = 2 }
            : null!);

        var result = await new NeuralRescorer(reranker, new NeuralRescorerOptions { FailurePolicy = FailurePolicy.Throw }, "q")
            .RescoreAsync(index.Searcher, FourHits(), 4).WaitAsync(s_bound);

        Assert.That(result.TopDocs.ScoreDocs.Select(s => s.Doc), Is.EqualTo(new[] { 1, 3, 2, 0 }));
        Assert.That(server.Requests, Has.Count.EqualTo(8), "six turned away, then one success per chunk");
    }

    [Test]
    public async Task A_429_storm_that_does_not_pass_fails_clearly_and_then_opens_the_circuit()
    {
        using var index = FourDocs();
        using var server = new LoopbackRerankServer(_ => new CannedAnswer(429, "{\"error\":\"queue full\"}", new Dictionary<string, string> { ["Retry-After"] = "0" }));
        using var reranker = new HttpReranker(Options(server, maxRetries: 2, breaker: 3));
        var rescorer = FallingBack(reranker);

        var first = await rescorer.RescoreAsync(index.Searcher, FourHits(), 4).WaitAsync(s_bound);
        var second = await rescorer.RescoreAsync(index.Searcher, FourHits(), 4).WaitAsync(s_bound);

        AssertFirstPass(first);
        AssertFirstPass(second);
        Assert.That(first.Failure!.Message, Does.Contain("answered 429").And.Contain("(after 3 attempts)").And.Contain("queue full"));
        Assert.That(second.Failure!.Message, Does.Contain("circuit breaker").And.Contain("is open"));
        Assert.That(server.Requests, Has.Count.EqualTo(3), "the second search sent nothing");
    }

    [Test]
    public async Task A_malformed_JSON_answer_makes_the_rescorer_fall_back_with_the_problem_named()
    {
        using var index = FourDocs();
        using var server = new LoopbackRerankServer(_ => CannedAnswer.Json("{\"results\": [{\"index\": 0, \"relevance_score\": 0.9},"));
        using var reranker = new HttpReranker(Options(server));

        var result = await FallingBack(reranker).RescoreAsync(index.Searcher, FourHits(), 4).WaitAsync(s_bound);

        AssertFirstPass(result);
        Assert.That(result.Failure, Is.TypeOf<InvalidDataException>().With.Message.Contains("malformed JSON"));
    }

    [Test]
    public async Task An_oversized_answer_with_indices_beyond_the_request_is_refused_and_its_text_cut()
    {
        using var index = FourDocs();
        var results = string.Join(",", Enumerable.Range(0, 50_000).Select(i => $"{{\"index\":{i},\"relevance_score\":0.5}}"));
        using var server = new LoopbackRerankServer(_ => CannedAnswer.Json($"{{\"results\":[{results}]}}"));
        using var reranker = new HttpReranker(Options(server));

        var result = await FallingBack(reranker).RescoreAsync(index.Searcher, FourHits(), 4).WaitAsync(s_bound);

        AssertFirstPass(result);
        Assert.That(result.Failure, Is.TypeOf<InvalidDataException>().With.Message.Contains("has index 4, outside the 4 passages sent"));
        Assert.That(result.Failure!.Message.Length, Is.LessThan(1_000), "the answer's text is cut");
    }

    [Test]
    public async Task With_the_circuit_open_the_rescorer_falls_back_at_once_without_reaching_the_server()
    {
        using var index = FourDocs();
        // Two failures open the circuit; after that the server would stall forever: only a fail-fast call returns.
        using var server = new LoopbackRerankServer(async (request, number, stop) =>
        {
            if (number < 2)
            {
                return new CannedAnswer(502, "{}");
            }

            await Task.Delay(Timeout.Infinite, stop);
            return RerankAnswers.Cohere(request);
        });
        using var reranker = new HttpReranker(Options(server, breaker: 2));
        var rescorer = FallingBack(reranker);
        await rescorer.RescoreAsync(index.Searcher, FourHits(), 4).WaitAsync(s_bound);
        await rescorer.RescoreAsync(index.Searcher, FourHits(), 4).WaitAsync(s_bound);
        var clock = Stopwatch.StartNew();

        var result = await rescorer.RescoreAsync(index.Searcher, FourHits(), 4).WaitAsync(s_bound);

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
        AssertFirstPass(result);
        Assert.That(result.FallbackReason, Is.EqualTo(FallbackReason.RerankerFailed));
        Assert.That(result.Failure, Is.TypeOf<RemoteRerankerException>().With.Message.Contains($"{server.Url("v1/rerank")} is open"));
        Assert.That(server.Requests, Has.Count.EqualTo(2));
    }
}
