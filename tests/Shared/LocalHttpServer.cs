using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LuceneRerank.Testing;

/// <summary>
/// A tiny HTTP/1.1 file server on 127.0.0.1 for download tests (no test touches the network). Serves byte arrays by
/// path, honours <c>Range: bytes=N-</c> unless <see cref="SupportsRange"/> is false, answers 404 for unknown paths, and
/// can break or stall a response part way to simulate an interrupted download.
/// </summary>
internal sealed class LocalHttpServer : LoopbackTcpServer
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public LocalHttpServer()
    {
        Start();
    }

    /// <summary>Whether Range requests are honoured (false: always 200 with the whole file, like some servers).</summary>
    public bool SupportsRange { get; set; } = true;

    /// <summary>When set, every response sends at most this many body bytes and then closes the connection.</summary>
    public long? BreakAfterBytes { get; set; }

    /// <summary>When set, every response sends this many body bytes and then waits until the client goes away.</summary>
    public long? StallAfterBytes { get; set; }

    /// <summary>Each request's path and Range header (null when none), in arrival order.</summary>
    public ConcurrentQueue<(string Path, string? Range)> Requests { get; } = new();

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/> (no leading slash).</summary>
    public void AddFile(string path, byte[] content) => _files[path.TrimStart('/')] = content;

    protected override async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var (path, range) = await ReadRequestAsync(stream);
                Requests.Enqueue((path, range));
                if (!_files.TryGetValue(Uri.UnescapeDataString(path.TrimStart('/')), out var content))
                {
                    await WriteHeadAsync(stream, "404 Not Found", 0, null);
                    return;
                }

                long start = 0;
                var status = "200 OK";
                string? contentRange = null;
                if (SupportsRange && range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
                {
                    start = long.Parse(range["bytes=".Length..^1]);
                    if (start >= content.Length)
                    {
                        await WriteHeadAsync(stream, "416 Range Not Satisfiable", 0, $"bytes */{content.Length}");
                        return;
                    }

                    status = "206 Partial Content";
                    contentRange = $"bytes {start}-{content.Length - 1}/{content.Length}";
                }

                var length = content.Length - start;
                await WriteHeadAsync(stream, status, length, contentRange);
                var send = length;
                if (BreakAfterBytes is long breakAt)
                {
                    send = Math.Min(send, breakAt);
                }

                if (StallAfterBytes is long stallAt)
                {
                    send = Math.Min(send, stallAt);
                }

                await stream.WriteAsync(content.AsMemory((int)start, (int)send), Stopping);
                await stream.FlushAsync(Stopping);
                if (StallAfterBytes is not null)
                {
                    // Hold the connection open until the client gives up (reads return 0) or the server stops.
                    var buffer = new byte[1];
                    while (await stream.ReadAsync(buffer, Stopping) > 0)
                    {
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // The client went away; nothing to do.
            }
        }
    }

    private static async Task<(string Path, string? Range)> ReadRequestAsync(NetworkStream stream)
    {
        var header = new StringBuilder();
        var buffer = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(buffer) == 0)
            {
                throw new IOException("client closed before the request ended");
            }

            header.Append((char)buffer[0]);
        }

        var lines = header.ToString().Split("\r\n");
        var path = lines[0].Split(' ')[1];
        string? range = null;
        foreach (var line in lines.Skip(1))
        {
            if (line.StartsWith("Range:", StringComparison.OrdinalIgnoreCase))
            {
                range = line["Range:".Length..].Trim();
            }
        }

        return (path, range);
    }

    private static async Task WriteHeadAsync(NetworkStream stream, string status, long length, string? contentRange)
    {
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(status).Append("\r\n")
            .Append("Content-Length: ").Append(length).Append("\r\n")
            .Append("Content-Type: application/octet-stream\r\n")
            .Append("Connection: close\r\n");
        if (contentRange is not null)
        {
            head.Append("Content-Range: ").Append(contentRange).Append("\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.FlushAsync();
    }
}
