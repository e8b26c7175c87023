using System.Diagnostics.Metrics;

namespace LuceneRerank.Server;

/// <summary>
/// The server's own instruments on the meter <see cref="MeterName"/> (exported at <c>/metrics</c> beside the library's
/// <c>LuceneRerank</c> meter and ASP.NET Core's request metrics): batches, pairs per batch, padded tokens per batch,
/// batch compute time, pairs dropped for cancelled requests, refused requests by reason, and the queue depth.
/// </summary>
internal sealed class ServerMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "LuceneRerank.Server";

    private readonly Meter _meter;
    private readonly Histogram<int> _batchPairs;
    private readonly Histogram<int> _batchRequests;
    private readonly Histogram<long> _batchTokens;
    private readonly Histogram<double> _batchDuration;
    private readonly Counter<long> _pairsDropped;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _pairsRequested;

    public ServerMetrics(Func<int> queuedPairs)
    {
        _meter = new Meter(MeterName, typeof(ServerMetrics).Assembly.GetName().Version?.ToString());
        _batchPairs = _meter.CreateHistogram<int>("lucenererank.server.batch.pairs", "{pair}", "Pairs per model batch.");
        _batchRequests = _meter.CreateHistogram<int>("lucenererank.server.batch.requests", "{request}", "Requests sharing one model batch.");
        _batchTokens = _meter.CreateHistogram<long>("lucenererank.server.batch.padded_tokens", "{token}", "Padded tokens (pairs x longest pair) per model batch.");
        _batchDuration = _meter.CreateHistogram<double>("lucenererank.server.batch.duration", "s", "Time to score one batch.");
        _pairsDropped = _meter.CreateCounter<long>("lucenererank.server.pairs.dropped", "{pair}", "Pairs not scored or thrown away because their request was cancelled or failed.");
        _rejected = _meter.CreateCounter<long>("lucenererank.server.requests.rejected", "{request}", "Requests refused, by reason (limit name, queue_full, unauthorized, not_ready, bad_request).");
        _pairsRequested = _meter.CreateCounter<long>("lucenererank.server.pairs.requested", "{pair}", "Pairs in answered rerank requests.");
        _meter.CreateObservableGauge("lucenererank.server.queue.pairs", queuedPairs, "{pair}", "Pairs admitted and not yet answered.");
    }

    /// <summary>Records one scored batch.</summary>
    public void BatchScored(int pairs, int requests, long paddedTokens, TimeSpan duration)
    {
        _batchPairs.Record(pairs);
        _batchRequests.Record(requests);
        _batchTokens.Record(paddedTokens);
        _batchDuration.Record(duration.TotalSeconds);
    }

    /// <summary>Counts pairs dropped for ended requests.</summary>
    public void PairsDropped(int pairs) => _pairsDropped.Add(pairs);

    /// <summary>Counts a refused request.</summary>
    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Counts the pairs of an answered request.</summary>
    public void Requested(int pairs) => _pairsRequested.Add(pairs);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
