using LuceneRerank.Reranking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LuceneRerank.Server.Tests.TestSupport;

/// <summary>A rerank server on Kestrel at 127.0.0.1 and a free port, built with the library's two calls.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>http://127.0.0.1:PORT/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for the server.</summary>
    public HttpClient Client { get; }

    /// <summary>The served model (reranker, scheduler, metrics).</summary>
    public ServedModel Served => _app.Services.GetRequiredService<ServedModel>();

    /// <summary>Starts a server for <paramref name="reranker"/>.</summary>
    public static Task<RunningServer> StartAsync(IReranker reranker, RerankServerOptions options) =>
        StartAsync(services => services.AddLuceneRerankServer(reranker, options));

    /// <summary>Starts a server whose services <paramref name="addServer"/> registers.</summary>
    public static async Task<RunningServer> StartAsync(Action<IServiceCollection> addServer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        addServer(builder.Services);
        var app = builder.Build();
        app.MapLuceneRerank();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new RunningServer(app, new Uri(address + "/"));
    }

    /// <summary>Stops the server: stops listening and drains in-flight requests.</summary>
    public Task StopAsync() => _app.StopAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
