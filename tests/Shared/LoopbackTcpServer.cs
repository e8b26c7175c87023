using System.Net;
using System.Net.Sockets;

namespace LuceneRerank.Testing;

/// <summary>
/// The listening half of the tests' tiny HTTP servers: a TCP listener on 127.0.0.1 (no test touches the network) on a
/// free port, an accept loop that hands each connection to <see cref="ServeAsync"/>, and a stop that ends the loop.
/// A subclass calls <see cref="Start"/> at the end of its constructor, once its own fields are set.
/// </summary>
internal abstract class LoopbackTcpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    protected LoopbackTcpServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
    }

    /// <summary>The server's root URL, ending in a slash.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The absolute URL of <paramref name="path"/>.</summary>
    public Uri Url(string path) => new(BaseUrl, path.TrimStart('/'));

    /// <summary>Cancelled when the server stops.</summary>
    protected CancellationToken Stopping => _stop.Token;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    /// <summary>Starts accepting connections.</summary>
    protected void Start() => _loop = Task.Run(AcceptLoopAsync);

    /// <summary>Serves one connection and disposes it.</summary>
    protected abstract Task ServeAsync(TcpClient client);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }
}
