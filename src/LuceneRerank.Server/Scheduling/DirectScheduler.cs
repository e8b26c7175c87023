using LuceneRerank.Reranking;

namespace LuceneRerank.Server.Scheduling;

/// <summary>
/// Batching off: each request is scored on its own by the reranker, as an in-process caller would, at most
/// <c>maxConcurrent</c> at a time (one per core by default); the others wait in the bounded queue. The bound keeps
/// synchronous model runs from taking every thread-pool thread, which would leave the web server unable to read
/// requests (408s under load). A request cancelled while it waits is never scored.
/// </summary>
internal sealed class DirectScheduler(IReranker reranker, int maxQueuedPairs, int maxConcurrent) : IRerankScheduler
{
    private readonly Admission _admission = new(maxQueuedPairs);
    private readonly SemaphoreSlim _running = new(maxConcurrent, maxConcurrent);

    /// <inheritdoc />
    public int QueuedPairs => _admission.Queued;

    /// <inheritdoc />
    public async Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken)
    {
        _admission.Admit(passages.Count);
        try
        {
            await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await reranker.ScoreAsync(query, passages, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _running.Release();
            }
        }
        finally
        {
            _admission.Release(passages.Count);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _running.Dispose();
}
