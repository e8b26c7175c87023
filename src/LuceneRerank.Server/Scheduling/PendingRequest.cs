namespace LuceneRerank.Server.Scheduling;

/// <summary>
/// One request inside <see cref="BatchingScheduler"/>: its prepared pairs, the order they are taken in (longest
/// first), the scores filled in as batches finish, and the task its caller awaits.
/// </summary>
internal sealed class PendingRequest
{
    private readonly TaskCompletionSource<float[]> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int[] _order;
    private int _unanswered;

    public PendingRequest(PreparedPairs pairs, long arrivedAt, CancellationToken cancellationToken)
    {
        Pairs = pairs;
        ArrivedAt = arrivedAt;
        CancellationToken = cancellationToken;
        Scores = new float[pairs.Count];
        _unanswered = pairs.Count;
        _order = Enumerable.Range(0, pairs.Count).OrderByDescending(i => pairs.Lengths[i]).ToArray();
    }

    /// <summary>The request's pairs.</summary>
    public PreparedPairs Pairs { get; }

    /// <summary>When it was queued (<see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long ArrivedAt { get; }

    /// <summary>The caller's token (the client's connection).</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Scores of the pairs answered so far.</summary>
    public float[] Scores { get; }

    /// <summary>How many pairs have been taken into batches.</summary>
    public int Taken { get; private set; }

    /// <summary>Whether pairs remain to be taken.</summary>
    public bool HasUntaken => Taken < _order.Length;

    /// <summary>The pair taken in <paramref name="position"/>-th place (longest first): an index into <see cref="Pairs"/>.</summary>
    public int PairAt(int position) => _order[position];

    /// <summary>The task the caller awaits.</summary>
    public Task<float[]> Task => _completion.Task;

    /// <summary>Whether the task has ended (answered, failed or cancelled).</summary>
    public bool IsFinished => _completion.Task.IsCompleted;

    /// <summary>Marks <paramref name="count"/> more pairs taken.</summary>
    public void Take(int count) => Taken += count;

    /// <summary>Records one pair's score; completes the task when it was the last. Returns false when the task already ended.</summary>
    public bool Answer(int pair, float score)
    {
        if (IsFinished)
        {
            return false;
        }

        Scores[pair] = score;
        if (Interlocked.Decrement(ref _unanswered) == 0) // batches of several workers may answer one request
        {
            _completion.TrySetResult(Scores);
        }

        return true;
    }

    /// <summary>Ends the task as cancelled; false when it had already ended.</summary>
    public bool Cancel() => _completion.TrySetCanceled(CancellationToken);

    /// <summary>Ends the task with <paramref name="error"/>; false when it had already ended.</summary>
    public bool Fail(Exception error) => _completion.TrySetException(error);
}
