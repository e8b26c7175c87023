using Microsoft.Extensions.Logging;

namespace LuceneRerank;

/// <summary>The log message of <see cref="Rerankers.Open"/> (category <c>LuceneRerank.Rerankers</c>, Information).</summary>
internal static class RerankerOpenLog
{
    /// <summary>The logger category.</summary>
    public const string Category = "LuceneRerank.Rerankers";

    private static readonly Action<ILogger, string, string, string, string, string, Exception?> s_opened =
        LoggerMessage.Define<string, string, string, string, string>(
            LogLevel.Information,
            new EventId(1, "RerankerOpened"),
            "Opened reranker from {ModelDirectory}: method {Method}, manifest {Manifest}, provider {Provider}, precision {Precision}");

    /// <summary>Logs <paramref name="opened"/> when <paramref name="loggerFactory"/> is set.</summary>
    public static void Opened(Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory, OpenedReranker opened, ModelPrecision precision)
    {
        if (loggerFactory is null)
        {
            return;
        }

        var logger = loggerFactory.CreateLogger(Category);
        s_opened(logger, opened.ModelDirectory, RerankMethods.Name(opened.Method), opened.Manifest?.Name ?? "(none)",
            opened.Description.ExecutionProvider, precision.ToString(), null);
    }
}
