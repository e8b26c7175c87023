namespace LuceneRerank.Rescoring;

/// <summary>
/// Blocks on asynchronous work for Lucene's synchronous <c>Rescorer</c> API without a thread hop and without
/// deadlocking under a single-threaded <see cref="SynchronizationContext"/> (a UI thread, a classic ASP.NET request).
/// </summary>
/// <remarks>
/// The work is started with no synchronization context, so none of its awaits (the library's, or a reranker's that
/// forgets <c>ConfigureAwait(false)</c>) can post a continuation back to the blocked thread; the context is restored
/// before blocking. Only under a non-default <see cref="TaskScheduler"/>, whose continuations could need the blocked
/// thread, is the work moved to the thread pool.
/// </remarks>
internal static class SynchronousWait
{
    /// <summary>Starts <paramref name="start"/> and blocks until its task ends; its exception is rethrown unwrapped.</summary>
    public static T Run<T>(Func<Task<T>> start)
    {
        if (TaskScheduler.Current != TaskScheduler.Default)
        {
            return Task.Run(start).GetAwaiter().GetResult();
        }

        var context = SynchronizationContext.Current;
        Task<T> task;
        if (context is null)
        {
            task = start();
        }
        else
        {
            SynchronizationContext.SetSynchronizationContext(null);
            try
            {
                task = start();
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(context);
            }
        }

        return task.GetAwaiter().GetResult();
    }
}
