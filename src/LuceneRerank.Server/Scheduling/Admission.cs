namespace LuceneRerank.Server.Scheduling;

/// <summary>The bounded count of pairs admitted and not yet answered, shared by both schedulers.</summary>
internal sealed class Admission(int bound)
{
    private int _queued;

    /// <summary>Pairs admitted and not yet released.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Admits <paramref name="pairs"/> pairs, or throws <see cref="QueueFullException"/> leaving the count unchanged.</summary>
    public void Admit(int pairs)
    {
        var after = Interlocked.Add(ref _queued, pairs);
        if (after > bound)
        {
            Interlocked.Add(ref _queued, -pairs);
            throw new QueueFullException(after - pairs, pairs, bound);
        }
    }

    /// <summary>Releases pairs admitted before.</summary>
    public void Release(int pairs) => Interlocked.Add(ref _queued, -pairs);
}
