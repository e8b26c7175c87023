using Microsoft.Extensions.Logging;

namespace LuceneRerank.Rescoring;

/// <summary>The rescorer's log messages (source-generated, so nothing is formatted unless the level is enabled).</summary>
internal static partial class RescoreLog
{
    /// <summary>The logger category.</summary>
    public const string Category = "LuceneRerank.Rescoring";

    /// <summary>A rescoring fell back to the first-pass order.</summary>
    [LoggerMessage(EventId = 1, EventName = "RescoreFallback", Level = LogLevel.Warning,
        Message = "Rescoring fell back to the first-pass order ({Reason}): reranker {Model} on {Provider}, window {Window}")]
    public static partial void Fallback(
        ILogger logger, Exception? exception, FallbackReason reason, string model, string provider, int window);

    /// <summary>A rescoring ended with an exception that reaches the caller (FailurePolicy.Throw).</summary>
    [LoggerMessage(EventId = 2, EventName = "RescoreFailed", Level = LogLevel.Error,
        Message = "Rescoring failed and the exception reaches the caller: reranker {Model} on {Provider}, window {Window}")]
    public static partial void Failed(ILogger logger, Exception exception, string model, string provider, int window);

    /// <summary>A rescoring finished.</summary>
    [LoggerMessage(EventId = 3, EventName = "Rescored", Level = LogLevel.Debug,
        Message = "Rescored {Passages} passages with {Model} in {ElapsedMs} ms (tokenisation {TokenizationMs} ms, inference {InferenceMs} ms)")]
    public static partial void Rescored(
        ILogger logger, int passages, string model, double elapsedMs, double tokenizationMs, double inferenceMs);
}
