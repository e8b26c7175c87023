using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;

namespace LuceneRerank.Remote;

/// <summary>
/// The circuit breaker in front of one <see cref="HttpReranker"/>'s server, built on
/// <c>Microsoft.Extensions.Http.Resilience</c>'s <see cref="HttpCircuitBreakerStrategyOptions"/> (Polly): after
/// <see cref="HttpRerankerOptions.CircuitBreakerFailures"/> failed attempts with no success among them (within
/// <see cref="HttpRerankerOptions.CircuitBreakerSamplingDuration"/>) it opens, and attempts fail at once for
/// <see cref="HttpRerankerOptions.CircuitBreakerBreakDuration"/>; then one attempt is let through (half-open) and its
/// outcome closes or reopens it. A failure is a 5xx, 408 or 429 answer, a server that cannot be reached, or a timeout;
/// the caller's cancellation is not.
/// </summary>
internal static class RerankCircuitBreaker
{
    /// <summary>The pipeline, or <see cref="ResiliencePipeline{T}.Empty"/> when the breaker is off (<see cref="HttpRerankerOptions.CircuitBreakerFailures"/> 0).</summary>
    public static ResiliencePipeline<HttpResponseMessage> Create(HttpRerankerOptions options)
    {
        if (options.CircuitBreakerFailures == 0)
        {
            return ResiliencePipeline<HttpResponseMessage>.Empty;
        }

        return new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                // Every attempt in the window failed, and at least N of them: N failures with no success between.
                FailureRatio = 1.0,
                MinimumThroughput = options.CircuitBreakerFailures,
                SamplingDuration = options.CircuitBreakerSamplingDuration,
                BreakDuration = options.CircuitBreakerBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
            })
            .Build();
    }

    /// <summary>Whether an attempt's outcome counts against the server.</summary>
    internal static bool IsFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: RemoteRerankerException or TimeoutException or HttpRequestException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        _ => false,
    };

    /// <summary>The error an attempt gets while the circuit is open: it names the endpoint and when it is tried again.</summary>
    public static RemoteRerankerException Open(HttpRerankerOptions options, BrokenCircuitException e) =>
        new(options.Endpoint, null, null,
            $"The circuit breaker for the rerank server at {options.Endpoint} is open after {options.CircuitBreakerFailures} " +
            $"failed attempts with no success: calls fail at once for {options.CircuitBreakerBreakDuration.TotalSeconds:0.###} s, " +
            "then one attempt is let through to test the server.", e);
}
