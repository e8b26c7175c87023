using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LuceneRerank.DependencyInjection;

/// <summary>
/// Registers rerankers and rescorers by name, returned by
/// <see cref="LuceneRerankServiceCollectionExtensions.AddLuceneRerank(IServiceCollection)"/>.
/// </summary>
/// <remarks>
/// <para>A reranker is a keyed singleton <see cref="IReranker"/> (resolve it with
/// <c>GetRequiredKeyedService&lt;IReranker&gt;(name)</c> or <c>[FromKeyedServices(name)]</c>). It is opened on first
/// use, with the container's <see cref="ILoggerFactory"/> when there is one, and disposed with the container.</para>
/// <para>A rescorer is a keyed singleton <see cref="NeuralRescorer"/> (unbound: call
/// <c>RescoreAsync(searcher, topDocs, query, topN, cancellationToken)</c>, or <c>ForQuery(query)</c> per request). Its
/// settings are named options (<see cref="IOptionsMonitor{TOptions}"/> of <see cref="RescorerSettings"/>, name = the
/// rescorer's name), so they can come from configuration and be post-configured like any other options.</para>
/// </remarks>
public sealed class LuceneRerankBuilder
{
    private readonly HashSet<string> _rerankers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _rescorers = new(StringComparer.Ordinal);

    internal LuceneRerankBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The service collection the registrations go to.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The names of the rerankers registered through this builder.</summary>
    public IReadOnlyCollection<string> RerankerNames => _rerankers;

    /// <summary>The names of the rescorers registered through this builder.</summary>
    public IReadOnlyCollection<string> RescorerNames => _rescorers;

    /// <summary>Registers the reranker <see cref="Rerankers.Open(string, RerankerOpenOptions?)"/> opens for
    /// <paramref name="modelOrManifest"/>, under <paramref name="name"/>.</summary>
    /// <param name="name">The registration name (the service key).</param>
    /// <param name="modelOrManifest">A manifest name, a manifest path or a model folder.</param>
    /// <param name="options">Open options; <c>null</c> for the defaults. When they name no logger factory, the
    /// container's is used.</param>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public LuceneRerankBuilder AddReranker(string name, string modelOrManifest, RerankerOpenOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelOrManifest);
        return AddReranker(name, services =>
        {
            var open = options ?? new RerankerOpenOptions();
            if (open.LoggerFactory is null && services.GetService<ILoggerFactory>() is { } loggerFactory)
            {
                open = open.WithLoggerFactory(loggerFactory);
            }

            return Rerankers.Open(modelOrManifest, open);
        });
    }

    /// <summary>Registers a reranker described by named <see cref="RerankerSettings"/> options (configured by
    /// <paramref name="configure"/> and by anything else that configures options of that name).</summary>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public LuceneRerankBuilder AddReranker(string name, Action<RerankerSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddOptions<RerankerSettings>(name).Configure(configure);
        return AddRerankerFromSettings(name);
    }

    /// <summary>Registers a reranker whose <see cref="RerankerSettings"/> are bound from <paramref name="section"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public LuceneRerankBuilder AddReranker(string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        Services.AddOptions<RerankerSettings>(name).Bind(section);
        return AddRerankerFromSettings(name);
    }

    /// <summary>Registers a reranker made by <paramref name="factory"/> (for example a decorator, or an application's
    /// own <see cref="IReranker"/>). The container disposes it when it is <see cref="IDisposable"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public LuceneRerankBuilder AddReranker(string name, Func<IServiceProvider, IReranker> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_rerankers.Add(name))
        {
            throw new ArgumentException($"A LuceneRerank reranker named '{name}' is already registered.", nameof(name));
        }

        Services.AddKeyedSingleton<IReranker>(name, (services, _) => factory(services));
        return this;
    }

    /// <summary>Registers a rescorer under <paramref name="name"/>; <paramref name="configure"/> sets its
    /// <see cref="RescorerSettings"/> (at least <see cref="RescorerSettings.Reranker"/>).</summary>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public LuceneRerankBuilder AddRescorer(string name, Action<RescorerSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddOptions<RescorerSettings>(name).Configure(configure);
        return AddRescorerFromSettings(name);
    }

    /// <summary>Registers a rescorer whose <see cref="RescorerSettings"/> are bound from <paramref name="section"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public LuceneRerankBuilder AddRescorer(string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        Services.AddOptions<RescorerSettings>(name).Bind(section);
        return AddRescorerFromSettings(name);
    }

    private LuceneRerankBuilder AddRerankerFromSettings(string name) => AddReranker(name, services =>
    {
        var settings = services.GetRequiredService<IOptionsMonitor<RerankerSettings>>().Get(name);
        return Rerankers.Open(settings.RequireModel(name), settings.ToOpenOptions(name, services.GetService<ILoggerFactory>()));
    });

    private LuceneRerankBuilder AddRescorerFromSettings(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_rescorers.Add(name))
        {
            throw new ArgumentException($"A LuceneRerank rescorer named '{name}' is already registered.", nameof(name));
        }

        Services.AddKeyedSingleton(name, (services, _) =>
        {
            var settings = services.GetRequiredService<IOptionsMonitor<RescorerSettings>>().Get(name);
            var rerankerName = settings.RequireReranker(name);
            var options = settings.ToOptions(name, services.GetService<ILoggerFactory>()); // bad settings fail before any model opens
            var reranker = services.GetKeyedService<IReranker>(rerankerName) ?? throw new InvalidOperationException(
                $"LuceneRerank rescorer '{name}' names the reranker '{rerankerName}', which is not registered" +
                (_rerankers.Count > 0 ? $" (registered: {string.Join(", ", _rerankers.Order(StringComparer.Ordinal))})." : "."));
            return new NeuralRescorer(reranker, options);
        });
        return this;
    }
}
