using LuceneRerank.Reranking;

namespace LuceneRerank.Server.Scheduling;

/// <summary>Batching off: each request is scored on its own by the reranker, concurrently, as an in-process caller would.</summary>
internal sealed class DirectScheduler(IReranker reranker, int maxQueuedPairs) : IRerankScheduler
{
    private readonly Admission _admission = new(maxQueuedPairs);

    /// <inheritdoc />
    public int QueuedPairs => _admission.Queued;

    /// <inheritdoc />
    public async Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken)
    {
        _admission.Admit(passages.Count);
        try
        {
            // The reranker may score on the calling thread; the request thread is free to do so.
            return await reranker.ScoreAsync(query, passages, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _admission.Release(passages.Count);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
