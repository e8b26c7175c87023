namespace LuceneRerank.Server.Scheduling;

/// <summary>One pair in a batch: its request and its index there.</summary>
internal readonly record struct BatchRow(PendingRequest Request, int Pair)
{
    /// <summary>The pair's length in tokens.</summary>
    public int Length => Request.Pairs.Lengths[Pair];
}
