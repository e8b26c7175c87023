using System.Diagnostics;

namespace LuceneRerank.Server.Scheduling;

/// <summary>
/// Dynamic batching across requests. Each request's pairs are prepared (tokenized) on its own thread and queued; each
/// of the worker threads (one per core by default, so a CPU's cores all compute) builds batches of at most <see cref="PairScorer.TokenBudget"/> padded tokens by taking one pair from
/// each waiting request in turn (round robin, longest pairs of a request first), so a huge request shares every batch
/// with the small ones instead of starving them. While the model is idle, the worker waits up to the maximum wait
/// after the oldest request arrived for a batch to fill; while it computes, new requests queue and go into the next
/// batch at once. A request whose caller cancels (client disconnect) is answered as cancelled at once and its pairs
/// not yet computed are dropped before any compute. Scores go back to each request by (request, index); a request's
/// task completes once, when its last pair is scored.
/// </summary>
internal sealed class BatchingScheduler : IRerankScheduler
{
    private readonly object _gate = new();
    private readonly List<PendingRequest> _waiting = [];
    private readonly PairScorer _scorer;
    private readonly Admission _admission;
    private readonly long _maxWaitTicks;
    private readonly ServerMetrics? _metrics;
    private readonly Thread[] _workers;
    private PendingRequest? _startNext;
    private bool _stopping;
    private long _batches;
    private long _pairsScored;
    private long _pairsDropped;

    public BatchingScheduler(PairScorer scorer, int maxQueuedPairs, TimeSpan maxWait, ServerMetrics? metrics = null, int workers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _scorer = scorer;
        _admission = new Admission(maxQueuedPairs);
        _maxWaitTicks = (long)(maxWait.TotalSeconds * Stopwatch.Frequency);
        _metrics = metrics;
        _workers = new Thread[workers];
        for (var i = 0; i < workers; i++)
        {
            _workers[i] = new Thread(Run) { IsBackground = true, Name = $"lrr-serve batcher {i + 1}" };
            _workers[i].Start();
        }
    }

    /// <inheritdoc />
    public int QueuedPairs => _admission.Queued;

    /// <summary>Padded tokens (pairs × longest pair) per batch.</summary>
    public int TokenBudget => _scorer.TokenBudget;

    /// <summary>Batches scored so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Pairs scored and answered so far.</summary>
    public long PairsScored => Interlocked.Read(ref _pairsScored);

    /// <summary>Pairs not computed, or computed and thrown away, because their request had ended (cancelled or failed).</summary>
    public long PairsDropped => Interlocked.Read(ref _pairsDropped);

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The scheduler is stopping.</exception>
    public async Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (passages.Count == 0)
        {
            return [];
        }

        _admission.Admit(passages.Count);
        try
        {
            var request = new PendingRequest(_scorer.Prepare(query, passages), Stopwatch.GetTimestamp(), cancellationToken);
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_stopping, this);
                _waiting.Add(request);
                Monitor.Pulse(_gate);
            }

            using var registration = cancellationToken.Register(static r => ((PendingRequest)r!).Cancel(), request);
            return await request.Task.ConfigureAwait(false);
        }
        finally
        {
            _admission.Release(passages.Count);
        }
    }

    /// <summary>Stops taking requests, scores those already queued, then stops the workers.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        foreach (var worker in _workers)
        {
            worker.Join();
        }
    }

    private void Run()
    {
        while (true)
        {
            List<BatchRow> rows;
            lock (_gate)
            {
                if (!WaitForBatch())
                {
                    return;
                }

                rows = Plan(commit: true, out _);
                if (_waiting.Count > 0)
                {
                    Monitor.Pulse(_gate); // another worker may take the next batch while this one computes
                }
            }

            Compute(rows);
        }
    }

    /// <summary>Waits (holding the gate) until a batch can be taken; false when stopping with nothing queued.</summary>
    private bool WaitForBatch()
    {
        while (true)
        {
            DropFinished();
            if (_waiting.Count == 0)
            {
                if (_stopping)
                {
                    return false;
                }

                Monitor.Wait(_gate);
                continue;
            }

            var deadline = _waiting.Min(r => r.ArrivedAt) + _maxWaitTicks;
            var now = Stopwatch.GetTimestamp();
            if (_stopping || now >= deadline)
            {
                return true;
            }

            Plan(commit: false, out var full);
            if (full)
            {
                return true;
            }

            Monitor.Wait(_gate, TimeSpan.FromSeconds((double)(deadline - now) / Stopwatch.Frequency));
        }
    }

    /// <summary>
    /// Takes pairs round robin from the waiting requests while the batch stays within the token budget (a single pair
    /// over it goes alone). With <paramref name="commit"/> false only tells whether the budget is filled.
    /// </summary>
    private List<BatchRow> Plan(bool commit, out bool full)
    {
        var rows = new List<BatchRow>();
        var taken = new int[_waiting.Count];
        var start = _startNext is null ? 0 : Math.Max(0, _waiting.IndexOf(_startNext));
        var longest = 0;
        var last = -1;
        full = false;
        for (var progress = true; progress && !full;)
        {
            progress = false;
            for (var k = 0; k < _waiting.Count; k++)
            {
                var i = (start + k) % _waiting.Count;
                var request = _waiting[i];
                var position = request.Taken + taken[i];
                if (position >= request.Pairs.Count)
                {
                    continue;
                }

                var pair = request.PairAt(position);
                var longer = Math.Max(longest, request.Pairs.Lengths[pair]);
                if (rows.Count > 0 && (long)(rows.Count + 1) * longer > _scorer.TokenBudget)
                {
                    full = true;
                    break;
                }

                rows.Add(new BatchRow(request, pair));
                longest = longer;
                taken[i]++;
                last = i;
                progress = true;
            }
        }

        if (commit)
        {
            for (var i = 0; i < taken.Length; i++)
            {
                _waiting[i].Take(taken[i]);
            }

            _startNext = last < 0 ? null : _waiting[(last + 1) % _waiting.Count];
            _waiting.RemoveAll(r => !r.HasUntaken);
            if (_startNext is not null && !_startNext.HasUntaken)
            {
                _startNext = null;
            }
        }

        return rows;
    }

    /// <summary>Removes requests that ended (cancelled or failed) from the queue; their untaken pairs are never computed.</summary>
    private void DropFinished()
    {
        foreach (var request in _waiting.Where(r => r.IsFinished))
        {
            Dropped(request.Pairs.Count - request.Taken);
        }

        _waiting.RemoveAll(r => r.IsFinished);
    }

    private void Compute(List<BatchRow> rows)
    {
        // A request cancelled since its pairs were taken loses them here, before the model runs.
        var live = rows.Where(r => !r.Request.IsFinished).ToArray();
        Dropped(rows.Count - live.Length);
        if (live.Length == 0)
        {
            return;
        }

        float[] scores;
        var started = Stopwatch.GetTimestamp();
        try
        {
            scores = _scorer.Score(live);
        }
        catch (Exception e)
        {
            foreach (var request in live.Select(r => r.Request).Distinct())
            {
                request.Fail(e);
            }

            return;
        }

        var answered = 0;
        for (var i = 0; i < live.Length; i++)
        {
            answered += live[i].Request.Answer(live[i].Pair, scores[i]) ? 1 : 0;
        }

        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _pairsScored, answered);
        Dropped(live.Length - answered);
        _metrics?.BatchScored(live.Length, live.Select(r => r.Request).Distinct().Count(), (long)live.Length * live.Max(r => r.Length),
            Stopwatch.GetElapsedTime(started));
    }

    private void Dropped(int pairs)
    {
        if (pairs > 0)
        {
            Interlocked.Add(ref _pairsDropped, pairs);
            _metrics?.PairsDropped(pairs);
        }
    }
}
