namespace LuceneRerank.Server.Scheduling;

/// <summary>Scores a request's passages on the served reranker, admitting it only while the queue has room.</summary>
internal interface IRerankScheduler : IDisposable
{
    /// <summary>Pairs admitted and not yet answered, over all requests.</summary>
    int QueuedPairs { get; }

    /// <summary>One score per passage, in order.</summary>
    /// <exception cref="QueueFullException">Admitting the request would exceed the queue bound.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the client left).</exception>
    Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken);
}
