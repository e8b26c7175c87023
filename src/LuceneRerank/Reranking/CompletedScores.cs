namespace LuceneRerank.Reranking;

/// <summary>
/// How the library's rerankers implement <see cref="IReranker.ScoreAsync"/>: the scoring is CPU-bound, so it runs on
/// the calling thread and the result comes back as a completed task (no <c>Task.Run</c> inside the library). Failures
/// and cancellation come back in the task, as from an asynchronous method. A caller that needs the work off its
/// thread (a time budget, a cancellable wait) hops to the thread pool itself, as the rescorer's invoker does.
/// </summary>
internal static class CompletedScores
{
    /// <summary>Runs <paramref name="score"/> now; its result, exception or cancellation as a completed task.</summary>
    public static Task<float[]> Run(Func<float[]> score, CancellationToken cancellationToken) => Run<float[]>(score, cancellationToken);

    /// <summary>Runs <paramref name="work"/> now; its result, exception or cancellation as a completed task.</summary>
    public static Task<T> Run<T>(Func<T> work, CancellationToken cancellationToken)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(work());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }
}
