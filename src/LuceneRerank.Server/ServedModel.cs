using LuceneRerank.Reranking;
using LuceneRerank.Server.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LuceneRerank.Server;

/// <summary>
/// The reranker a server hosts and its scheduler. Loading starts with the host (a model may take seconds to load:
/// <c>/health</c> answers meanwhile, <c>/ready</c> and the rerank routes answer 503 until it is loaded). A load that
/// fails is logged and stops the application. Disposed with the host, after the web server has drained its requests:
/// the scheduler first (scoring whatever is still queued), then the reranker when the server opened it.
/// </summary>
internal sealed class ServedModel : IHostedService, IDisposable
{
    private readonly Func<CancellationToken, Task<IReranker>> _open;
    private readonly bool _ownsReranker;
    private readonly ILogger<ServedModel> _logger;
    private readonly IHostApplicationLifetime _lifetime;
    private Loaded? _loaded;

    public ServedModel(Func<CancellationToken, Task<IReranker>> open, bool ownsReranker, RerankServerOptions options,
        ILogger<ServedModel> logger, IHostApplicationLifetime lifetime)
    {
        _open = open;
        _ownsReranker = ownsReranker;
        _logger = logger;
        _lifetime = lifetime;
        Options = options;
        Metrics = new ServerMetrics(() => Volatile.Read(ref _loaded)?.Scheduler.QueuedPairs ?? 0);
    }

    /// <summary>The server's settings.</summary>
    public RerankServerOptions Options { get; }

    /// <summary>The server's instruments.</summary>
    public ServerMetrics Metrics { get; }

    /// <summary>Why the reranker could not be loaded (the application was stopped); null otherwise.</summary>
    public Exception? LoadFailure { get; private set; }

    /// <summary>The loaded reranker and its scheduler; null until loaded.</summary>
    public Loaded? Current => Volatile.Read(ref _loaded);

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var opening = _open(cancellationToken);
        if (opening.IsCompleted)
        {
            Publish(await opening.ConfigureAwait(false));
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                Publish(await opening.ConfigureAwait(false));
                _logger.LogInformation("Reranker {Name} loaded; ready", Current!.ModelName);
            }
            catch (Exception e)
            {
                LoadFailure = e;
                _logger.LogCritical(e, "The reranker could not be loaded; stopping");
                _lifetime.StopApplication();
            }
        }, CancellationToken.None);
    }

    /// <inheritdoc />
    /// <remarks>Nothing to do: the web server drains in-flight requests before the host disposes this.</remarks>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public void Dispose()
    {
        var loaded = Interlocked.Exchange(ref _loaded, null);
        if (loaded is not null)
        {
            loaded.Scheduler.Dispose();
            if (_ownsReranker && loaded.Reranker is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }

        Metrics.Dispose();
    }

    private void Publish(IReranker reranker)
    {
        IRerankScheduler scheduler = Options.Batching
            ? new BatchingScheduler(PairScorer.For(reranker, Options.TokenBudget), Options.MaxQueuedPairs, Options.MaxBatchWait, Metrics,
                Options.BatchWorkers ?? Environment.ProcessorCount)
            : new DirectScheduler(reranker, Options.MaxQueuedPairs, Environment.ProcessorCount);
        var tokenBudget = Options.Batching ? ((BatchingScheduler)scheduler).TokenBudget : (int?)null;
        Volatile.Write(ref _loaded, new Loaded(reranker, scheduler, Options.ModelName ?? reranker.Description.Name, tokenBudget));
    }

    /// <summary>A loaded reranker, its scheduler, the model name answered, and the batch token budget when batching.</summary>
    internal sealed record Loaded(IReranker Reranker, IRerankScheduler Scheduler, string ModelName, int? TokenBudget);
}
