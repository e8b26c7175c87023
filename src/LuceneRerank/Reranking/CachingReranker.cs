using LuceneRerank.Diagnostics;

namespace LuceneRerank.Reranking;

/// <summary>
/// A decorator that caches scores per (model name, query, passage): only passages not in the cache go to the inner
/// reranker, all of them in one call (a passage repeated in one request is sent once). The cache holds at most
/// <see cref="Capacity"/> scores and forgets the least recently used first. Thread-safe.
/// </summary>
/// <remarks>
/// It forwards <see cref="Description"/> and, when the inner reranker has them, its <see cref="Statistics"/> (so the
/// statistics count only the work the model really did). Two concurrent calls that miss the same passage both send
/// it. The cache keeps references to the query and passage strings, so memory grows with their length (passages
/// from <c>NeuralRescorer</c> are cut to <c>PassageTextSource.MaxCharacters</c>). It implements only
/// <see cref="IReranker"/>: an inner <see cref="ICandidateReranker"/> is called through
/// <see cref="IReranker.ScoreAsync"/>, because a score that depends on first-stage evidence cannot be cached per passage.
/// </remarks>
public sealed class CachingReranker : IReranker, IRerankStatisticsSource
{
    private readonly IReranker _inner;
    private readonly Dictionary<RerankCacheKey, LinkedListNode<(RerankCacheKey Key, float Score)>> _entries = new();
    private readonly LinkedList<(RerankCacheKey Key, float Score)> _recency = new();
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

    /// <summary>Passages answered from the cache, since creation.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Passages sent to the inner reranker, since creation.</summary>
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
        var missing = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        lock (_lock)
        {
            for (var i = 0; i < passages.Count; i++)
            {
                var passage = passages[i] ?? throw new ArgumentException($"Passage {i} is null.", nameof(passages));
                if (_entries.TryGetValue(new RerankCacheKey(model, query, passage), out var node))
                {
                    scores[i] = node.Value.Score;
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                }
                else if (missing.TryGetValue(passage, out var positions))
                {
                    positions.Add(i);
                }
                else
                {
                    missing.Add(passage, new List<int> { i });
                }
            }
        }

        var missCount = missing.Values.Sum(p => p.Count);
        Interlocked.Add(ref _hits, passages.Count - missCount);
        Interlocked.Add(ref _misses, missCount);
        RerankTelemetry.RecordCache(passages.Count - missCount, missCount, model);
        if (missing.Count == 0)
        {
            return scores;
        }

        var toScore = missing.Keys.ToArray();
        var fresh = await _inner.ScoreAsync(query, toScore, cancellationToken).ConfigureAwait(false);
        if (fresh is null || fresh.Length != toScore.Length)
        {
            throw new InvalidOperationException(
                $"The reranker {model} returned {fresh?.Length.ToString() ?? "null"} scores for {toScore.Length} passages.");
        }

        lock (_lock)
        {
            for (var j = 0; j < toScore.Length; j++)
            {
                foreach (var position in missing[toScore[j]])
                {
                    scores[position] = fresh[j];
                }

                if (float.IsFinite(fresh[j]))
                {
                    Store(new RerankCacheKey(model, query, toScore[j]), fresh[j]); // never keep a broken score
                }
            }
        }

        return scores;
    }

    /// <summary>Forgets every cached score.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _recency.Clear();
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
