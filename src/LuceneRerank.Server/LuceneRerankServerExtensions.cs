using LuceneRerank.Reranking;
using LuceneRerank.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace LuceneRerank.Server;

/// <summary>
/// Hosts a reranker in an ASP.NET Core application in two calls:
/// <c>builder.Services.AddLuceneRerankServer(reranker, options)</c> and <c>app.MapLuceneRerank()</c>.
/// </summary>
public static class LuceneRerankServerExtensions
{
    /// <summary>The meter names exported at <c>/metrics</c>: the library's, the server's, ASP.NET Core's request and Kestrel meters.</summary>
    private static readonly string[] ExportedMeters =
        ["LuceneRerank", ServerMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    /// <summary>
    /// Serves <paramref name="reranker"/> (owned by the caller, which disposes it after the host): registers the
    /// batching scheduler, the limits and API keys of <paramref name="options"/>, and OpenTelemetry metrics with the
    /// Prometheus exporter. Map the routes with <see cref="MapLuceneRerank"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An option that cannot work (see <see cref="RerankServerOptions.Validate"/>).</exception>
    public static IServiceCollection AddLuceneRerankServer(this IServiceCollection services, IReranker reranker, RerankServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(reranker);
        return services.AddLuceneRerankServer(_ => Task.FromResult(reranker), ownsReranker: false, options);
    }

    /// <summary>
    /// Serves the reranker <paramref name="openReranker"/> opens when the host starts (for example
    /// <c>ct =&gt; Rerankers.OpenAsync(model, openOptions, ct)</c>): <c>/ready</c> and the rerank routes answer 503 until
    /// it is loaded; a failed load is logged and stops the application. The server owns the reranker and disposes it
    /// (when <see cref="IDisposable"/>) with the host.
    /// </summary>
    /// <exception cref="ArgumentException">An option that cannot work (see <see cref="RerankServerOptions.Validate"/>).</exception>
    public static IServiceCollection AddLuceneRerankServer<TReranker>(this IServiceCollection services, Func<CancellationToken, Task<TReranker>> openReranker,
        RerankServerOptions options)
        where TReranker : IReranker
    {
        ArgumentNullException.ThrowIfNull(openReranker);
        return services.AddLuceneRerankServer(async ct => (IReranker)(await openReranker(ct).ConfigureAwait(false)), ownsReranker: true, options);
    }

    /// <summary>
    /// Maps <c>POST /rerank</c>, <c>/v1/rerank</c> and <c>/v2/rerank</c> (Cohere-style when the body has
    /// <c>"documents"</c>, TEI when it has <c>"texts"</c>), <c>GET /health</c>, <c>/ready</c>, <c>/info</c> and the
    /// Prometheus scraping endpoint <c>/metrics</c>. Needs <see cref="AddLuceneRerankServer(IServiceCollection, IReranker, RerankServerOptions)"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapLuceneRerank(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var route in new[] { "/rerank", "/v1/rerank", "/v2/rerank" })
        {
            endpoints.MapPost(route, RerankEndpoints.RerankAsync);
        }

        endpoints.MapGet("/health", RerankEndpoints.Health);
        endpoints.MapGet("/ready", RerankEndpoints.Ready);
        endpoints.MapGet("/info", RerankEndpoints.InfoAsync);
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        return endpoints;
    }

    private static IServiceCollection AddLuceneRerankServer(this IServiceCollection services, Func<CancellationToken, Task<IReranker>> open,
        bool ownsReranker, RerankServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(new ApiKeyCheck(options.ApiKeys));
        services.AddSingleton(provider => new ServedModel(open, ownsReranker, options,
            provider.GetRequiredService<ILogger<ServedModel>>(), provider.GetRequiredService<IHostApplicationLifetime>()));
        services.AddHostedService(provider => provider.GetRequiredService<ServedModel>());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(ExportedMeters).AddPrometheusExporter());
        return services;
    }
}
