using LuceneRerank.Diagnostics;

namespace LuceneRerank.Reranking;

/// <summary>
/// A decorator that caches scores per (model name, query, passage): only passages neither cached nor already being
/// scored go to the inner reranker, all of them in one call (a passage repeated in one request is sent once). The
/// cache holds at most <see cref="Capacity"/> scores and forgets the least recently used first. Thread-safe.
/// </summary>
/// <remarks>
/// <para><b>Single flight.</b> A passage that another request has already sent to the model, and whose score has not
/// come back yet, is not sent again: the request waits for that call's score (with its own token, so its own
/// cancellation stops only its own wait). If that call ends cancelled — its owner was cancelled or ran out of time —
/// the waiting request sends the passage itself; if it fails otherwise, the waiting request gets the same exception.
/// Nothing is cached from a failed or cancelled call, so a failure never poisons the entry for later requests, and a
/// call whose owner gave up but that still returns scores fills the cache and answers the other waiters.</para>
/// <para><b>Counters.</b> <see cref="Misses"/> counts passages actually sent to the inner reranker (a passage
/// repeated in one request is sent, and counted, once; a failed call's passages count too). <see cref="Hits"/>
/// counts positions of successful requests that this request did not send: answered from the cache, by a concurrent
/// request's call, or as a repeat of a passage sent once. So for successful requests,
/// <c>Hits + Misses</c> equals the number of passages asked for.</para>
/// <para>It forwards <see cref="Description"/> and, when the inner reranker has them, its <see cref="Statistics"/> (so
/// the statistics count only the work the model really did). Non-finite scores are returned but never cached. The
/// cache keeps references to the query and passage strings, so memory grows with their length (passages from
/// <c>NeuralRescorer</c> are cut to <c>PassageTextSource.MaxCharacters</c>). It implements only
/// <see cref="IReranker"/>: an inner <see cref="ICandidateReranker"/> is called through
/// <see cref="IReranker.ScoreAsync"/>, because a score that depends on first-stage evidence cannot be cached per passage.</para>
/// </remarks>
public sealed class CachingReranker : IReranker, IRerankStatisticsSource
{
    private readonly IReranker _inner;
    private readonly Dictionary<RerankCacheKey, LinkedListNode<(RerankCacheKey Key, float Score)>> _entries = new();
    private readonly LinkedList<(RerankCacheKey Key, float Score)> _recency = new();
    private readonly Dictionary<RerankCacheKey, InFlightScore> _inFlight = new();
    private readonly object _lock = new();
    private readonly RerankStatistics _ownStatistics = new();
    private long _hits;
    private long _misses;

    /// <summary>The default capacity: 100,000 scores.</summary>
    public const int DefaultCapacity = 100_000;

    /// <summary>Wraps a reranker.</summary>
    /// <param name="inner">The reranker whose scores are cached.</param>
    /// <param name="capacity">The most scores kept; at least 1. Default <see cref="DefaultCapacity"/>.</param>
    public CachingReranker(IReranker inner, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _inner = inner;
        Capacity = capacity;
    }

    /// <summary>The most scores kept.</summary>
    public int Capacity { get; }

    /// <summary>How many scores are cached now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Positions of successful requests answered without this request sending the passage: from the cache, from a
    /// concurrent request's call, or as a repeat within the request (see remarks). Since creation.
    /// </summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Passages actually sent to the inner reranker, each once per call, since creation (see remarks).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <inheritdoc />
    public RerankerDescription Description => _inner.Description;

    /// <summary>The inner reranker's statistics, or empty counters when it keeps none.</summary>
    public RerankStatistics Statistics => (_inner as IRerankStatisticsSource)?.Statistics ?? _ownStatistics;

    /// <inheritdoc />
    public async Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passages);
        cancellationToken.ThrowIfCancellationRequested();
        var model = _inner.Description.Name;
        var scores = new float[passages.Count];

        // Distinct passages with the positions they fill, in order of first appearance.
        var pending = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < passages.Count; i++)
        {
            var passage = passages[i] ?? throw new ArgumentException($"Passage {i} is null.", nameof(passages));
            if (pending.TryGetValue(passage, out var positions))
            {
                positions.Add(i);
            }
            else
            {
                pending.Add(passage, new List<int> { i });
            }
        }

        var sent = 0;
        while (pending.Count > 0)
        {
            var own = new List<string>();
            var joined = new List<(string Passage, InFlightScore Flight)>();
            TaskCompletionSource<float[]>? ownCall = null;
            lock (_lock)
            {
                foreach (var (passage, positions) in pending)
                {
                    var key = new RerankCacheKey(model, query, passage);
                    if (_entries.TryGetValue(key, out var node))
                    {
                        Fill(scores, positions, node.Value.Score);
                        _recency.Remove(node);
                        _recency.AddFirst(node);
                    }
                    else if (_inFlight.TryGetValue(key, out var flight))
                    {
                        joined.Add((passage, flight));
                    }
                    else
                    {
                        own.Add(passage);
                    }
                }

                if (own.Count > 0)
                {
                    ownCall = new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously);
                    for (var j = 0; j < own.Count; j++)
                    {
                        _inFlight.Add(new RerankCacheKey(model, query, own[j]), new InFlightScore(ownCall.Task, j));
                    }
                }
            }

            var retry = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            if (ownCall is not null)
            {
                sent += own.Count;
                var fresh = await SendAsync(model, query, own, ownCall, cancellationToken).ConfigureAwait(false);
                for (var j = 0; j < own.Count; j++)
                {
                    Fill(scores, pending[own[j]], fresh[j]);
                }
            }

            foreach (var (passage, flight) in joined)
            {
                try
                {
                    var shared = await flight.Call.WaitAsync(cancellationToken).ConfigureAwait(false);
                    Fill(scores, pending[passage], shared[flight.Index]);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    retry.Add(passage, pending[passage]); // the owner was cancelled, not us: send it ourselves
                }
            }

            pending = retry;
        }

        Interlocked.Add(ref _hits, passages.Count - sent);
        RerankTelemetry.RecordCache(passages.Count - sent, 0, model);
        return scores;
    }

    /// <summary>Forgets every cached score (calls in flight still answer their waiters and then fill the cache).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _recency.Clear();
        }
    }

    /// <summary>Sends this request's own passages in one call, then caches and shares the outcome with any waiters.</summary>
    private async Task<float[]> SendAsync(
        string model, string query, List<string> own, TaskCompletionSource<float[]> call, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _misses, own.Count);
        RerankTelemetry.RecordCache(0, own.Count, model);
        float[] fresh;
        try
        {
            fresh = await _inner.ScoreAsync(query, own, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The reranker {model} returned null scores for {own.Count} passages.");
            if (fresh.Length != own.Count)
            {
                throw new InvalidOperationException(
                    $"The reranker {model} returned {fresh.Length} scores for {own.Count} passages.");
            }
        }
        catch (Exception e)
        {
            Finish(model, query, own, null);
            if (e is OperationCanceledException cancelled)
            {
                call.TrySetCanceled(cancelled.CancellationToken);
            }
            else
            {
                call.TrySetException(e);
                _ = call.Task.Exception; // observed here: waiters may be none, and the owner rethrows it below
            }

            throw;
        }

        Finish(model, query, own, fresh);
        call.TrySetResult(fresh);
        return fresh;
    }

    /// <summary>Ends a call: its passages are no longer in flight; on success their finite scores are cached.</summary>
    private void Finish(string model, string query, List<string> own, float[]? fresh)
    {
        lock (_lock)
        {
            for (var j = 0; j < own.Count; j++)
            {
                var key = new RerankCacheKey(model, query, own[j]);
                _inFlight.Remove(key);
                if (fresh is not null && float.IsFinite(fresh[j]))
                {
                    Store(key, fresh[j]); // never keep a broken score
                }
            }
        }
    }

    private static void Fill(float[] scores, List<int> positions, float score)
    {
        foreach (var position in positions)
        {
            scores[position] = score;
        }
    }

    private void Store(RerankCacheKey key, float score)
    {
        if (_entries.TryGetValue(key, out var existing))
        {
            _recency.Remove(existing);
        }

        var node = _recency.AddFirst((key, score));
        _entries[key] = node;
        while (_entries.Count > Capacity)
        {
            var oldest = _recency.Last!;
            _recency.RemoveLast();
            _entries.Remove(oldest.Value.Key);
        }
    }
}
