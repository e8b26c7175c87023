namespace LuceneRerank.Server.Scheduling;

/// <summary>A request was refused because the pairs already queued and its own would exceed the bound.</summary>
internal sealed class QueueFullException(int queued, int requested, int bound)
    : Exception($"the queue holds {queued} pairs; {requested} more would exceed max_queued_pairs {bound}")
{
    /// <summary>The bound (<see cref="RerankServerOptions.MaxQueuedPairs"/>).</summary>
    public int Bound { get; } = bound;
}
