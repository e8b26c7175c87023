namespace LuceneRerank.IndexTools.Commands;

/// <summary>The HTTP client the download commands use: no overall timeout (large files), cancellation by Ctrl+C.</summary>
internal static class DownloadHttpClient
{
    public static HttpClient Create()
    {
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("lrr-index/1.0");
        return http;
    }

    /// <summary>
    /// The base URL from the option, else from <paramref name="environmentVariable"/>, else <paramref name="fallback"/>
    /// (null when there is none).
    /// </summary>
    public static Uri? ResolveBaseUrl(string? option, string environmentVariable, string? fallback)
    {
        var text = !string.IsNullOrEmpty(option) ? option
            : Environment.GetEnvironmentVariable(environmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : fallback;
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            throw new ArgumentException($"not an absolute URL: {text}");
        }

        return url;
    }
}
