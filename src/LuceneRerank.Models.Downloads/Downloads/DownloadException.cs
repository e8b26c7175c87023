using System.Net;

namespace LuceneRerank.Downloads;

/// <summary>A download failed: an HTTP error status, or the connection broke (the <c>.partial</c> file is kept for resume).</summary>
public class DownloadException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DownloadException(string message, Uri url, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Url = url;
        StatusCode = statusCode;
    }

    /// <summary>The URL that failed.</summary>
    public Uri Url { get; }

    /// <summary>The HTTP status, when the server answered with an error.</summary>
    public HttpStatusCode? StatusCode { get; }
}
