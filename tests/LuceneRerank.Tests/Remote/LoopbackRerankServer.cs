using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Remote;

/// <summary>One request as the <see cref="LoopbackRerankServer"/> received it.</summary>
internal sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] RawBody)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string Body => Encoding.UTF8.GetString(RawBody);

    /// <summary>The body parsed as JSON.</summary>
    public JsonNode Json => JsonNode.Parse(Body)!;
}

/// <summary>What the <see cref="LoopbackRerankServer"/> answers: <paramref name="Bytes"/> when set, else <paramref name="Body"/> as UTF-8.</summary>
internal sealed record CannedAnswer(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null, byte[]? Bytes = null)
{
    public static CannedAnswer Json(string body) => new(200, body);
}

/// <summary>
/// A small HTTP/1.1 server on 127.0.0.1 for the remote reranker's tests: every request (with its body) goes to a
/// handler that decides the answer, so a test can script out-of-order results, errors, retries and stalls. It counts
/// requests and the most handled at once. One request per connection (<c>Connection: close</c>).
/// </summary>
internal sealed class LoopbackRerankServer : LoopbackTcpServer
{
    private readonly Func<ReceivedRequest, int, CancellationToken, Task<CannedAnswer>> _handler;
    private int _count;
    private int _inFlight;
    private int _maxInFlight;

    /// <param name="handler">Gets each request, its number (0 for the first) and a token cancelled when the server stops.</param>
    public LoopbackRerankServer(Func<ReceivedRequest, int, CancellationToken, Task<CannedAnswer>> handler)
    {
        _handler = handler;
        Start();
    }

    public LoopbackRerankServer(Func<ReceivedRequest, CannedAnswer> handler)
        : this((request, _, _) => Task.FromResult(handler(request)))
    {
    }

    /// <summary>The requests received so far, in arrival order.</summary>
    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>The most requests the handler had at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    protected override async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream);
                Requests.Enqueue(request);
                var number = Interlocked.Increment(ref _count) - 1;
                var now = Interlocked.Increment(ref _inFlight);
                int seen;
                while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
                {
                }

                CannedAnswer answer;
                try
                {
                    answer = await _handler(request, number, Stopping);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }

                var body = answer.Bytes ?? Encoding.UTF8.GetBytes(answer.Body);
                var head = new StringBuilder()
                    .Append("HTTP/1.1 ").Append(answer.Status).Append(' ').Append(Reason(answer.Status)).Append("\r\n")
                    .Append("Content-Length: ").Append(body.Length).Append("\r\n")
                    .Append("Content-Type: application/json\r\n")
                    .Append("Connection: close\r\n");
                foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
                {
                    head.Append(name).Append(": ").Append(value).Append("\r\n");
                }

                head.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), Stopping);
                await stream.WriteAsync(body, Stopping);
                await stream.FlushAsync(Stopping);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // The client went away or the server stopped.
            }
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    };

    private static async Task<ReceivedRequest> ReadRequestAsync(NetworkStream stream)
    {
        var header = new StringBuilder();
        var one = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("client closed before the request head ended");
            }

            header.Append((char)one[0]);
        }

        var lines = header.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value) : 0;
        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = await stream.ReadAsync(body.AsMemory(read));
            if (n == 0)
            {
                throw new IOException("client closed before the request body ended");
            }

            read += n;
        }

        return new ReceivedRequest(requestLine[0], requestLine[1], headers, body);
    }
}
