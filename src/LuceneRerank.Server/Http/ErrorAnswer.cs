using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LuceneRerank.Server.Http;

/// <summary>
/// A refused request: the status and the JSON body <c>{"error": message, "error_type": type}</c> (TEI's shape), with
/// <c>"limit"</c>, <c>"limit_value"</c> and <c>"actual"</c> when a limit was exceeded.
/// </summary>
internal sealed record ErrorAnswer(int Status, string Type, string Message)
{
    /// <summary>The limit's name (for example <c>max_documents</c>), when one was exceeded.</summary>
    public string? Limit { get; init; }

    /// <summary>The limit's value.</summary>
    public long? LimitValue { get; init; }

    /// <summary>What the request had.</summary>
    public long? Actual { get; init; }

    /// <summary>Seconds for a <c>Retry-After</c> header (429, 503).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>The reason tag of the rejected-requests counter: the limit name, else the type.</summary>
    public string Reason => Limit ?? Type;

    /// <summary>A limit exceeded: <paramref name="limit"/> of <paramref name="value"/>, the request had <paramref name="actual"/>.</summary>
    public static ErrorAnswer LimitExceeded(int status, string limit, long value, long actual, string what) =>
        new(status, "limit_exceeded", string.Create(CultureInfo.InvariantCulture, $"{what} is {actual}, over the limit {limit} = {value}"))
        {
            Limit = limit, LimitValue = value, Actual = actual,
        };

    /// <summary>Writes the answer.</summary>
    public Task WriteAsync(HttpContext context)
    {
        var body = new JsonObject { ["error"] = Message, ["error_type"] = Type };
        if (Limit is not null)
        {
            body["limit"] = Limit;
            body["limit_value"] = LimitValue;
            body["actual"] = Actual;
        }

        context.Response.StatusCode = Status;
        if (RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (Status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return context.Response.WriteAsJsonAsync(body, context.RequestAborted);
    }
}
