using System.Net;

namespace LuceneRerank.Remote;

/// <summary>
/// A rerank server could not be reached, or answered with a status that is not success (after any retries). The
/// message names the endpoint, the status code and the start of the response body.
/// </summary>
public sealed class RemoteRerankerException : Exception
{
    /// <summary>The longest part of a response body kept in <see cref="ResponseBody"/> and in the message.</summary>
    public const int MaxBodyCharacters = 500;

    /// <summary>Creates the exception.</summary>
    /// <param name="endpoint">The URL the request went to.</param>
    /// <param name="statusCode">The answer's status, or <see langword="null"/> when no answer came.</param>
    /// <param name="responseBody">The answer's body (cut to <see cref="MaxBodyCharacters"/>), or <see langword="null"/>.</param>
    /// <param name="message">What went wrong, naming the endpoint.</param>
    /// <param name="innerException">The transport error, if any.</param>
    public RemoteRerankerException(Uri endpoint, HttpStatusCode? statusCode, string? responseBody, string message,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Endpoint = endpoint;
        StatusCode = statusCode;
        ResponseBody = responseBody is null ? null : Truncate(responseBody);
    }

    /// <summary>The URL the request went to.</summary>
    public Uri Endpoint { get; }

    /// <summary>The answer's status, or <see langword="null"/> when the server could not be reached.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The start of the answer's body (at most <see cref="MaxBodyCharacters"/> characters), or <see langword="null"/>.</summary>
    public string? ResponseBody { get; }

    /// <summary>Cuts <paramref name="body"/> to <see cref="MaxBodyCharacters"/>, marking the cut.</summary>
    internal static string Truncate(string body) =>
        body.Length <= MaxBodyCharacters ? body : body[..MaxBodyCharacters] + $"… ({body.Length} characters in all)";
}
