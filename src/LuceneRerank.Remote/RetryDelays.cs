using System.Net;
using System.Net.Http.Headers;

namespace LuceneRerank.Remote;

/// <summary>Which answers are retried, and how long to wait before the retry.</summary>
internal static class RetryDelays
{
    /// <summary>429 Too Many Requests, 502 Bad Gateway, 503 Service Unavailable, 504 Gateway Timeout: the server or a proxy asks for patience.</summary>
    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// The wait before retry number <paramref name="retry"/> (0 for the first): the server's <c>Retry-After</c> (a number
    /// of seconds, or a date measured from <paramref name="now"/>) when it sent one, else
    /// <paramref name="baseDelay"/> doubled per retry; never negative, never more than <paramref name="maxDelay"/>.
    /// </summary>
    public static TimeSpan Next(RetryConditionHeaderValue? retryAfter, int retry, TimeSpan baseDelay, TimeSpan maxDelay, DateTimeOffset now)
    {
        TimeSpan wait;
        if (retryAfter?.Delta is TimeSpan delta)
        {
            wait = delta;
        }
        else if (retryAfter?.Date is DateTimeOffset date)
        {
            wait = date - now;
        }
        else
        {
            // Doubling, computed in ticks and clamped so a large retry count cannot overflow.
            var factor = Math.Pow(2, Math.Min(retry, 30));
            wait = TimeSpan.FromTicks((long)Math.Min(baseDelay.Ticks * factor, maxDelay.Ticks));
        }

        if (wait < TimeSpan.Zero)
        {
            wait = TimeSpan.Zero;
        }

        return wait > maxDelay ? maxDelay : wait;
    }
}
