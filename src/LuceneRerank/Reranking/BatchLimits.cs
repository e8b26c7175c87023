namespace LuceneRerank.Reranking;

/// <summary>
/// What one model call may hold, for <see cref="LengthBatchPlanner"/>: a padded-token budget (rows × longest row) that
/// every runner has, plus optional extra limits a runner adds: a row cap, and a cost estimate with its own budget (the
/// decoder-only LLMs' memory for logits, batch × length × vocabulary).
/// </summary>
internal sealed record BatchLimits
{
    /// <summary>Creates limits with a padded-token budget of <paramref name="tokenBudget"/> (at least 1).</summary>
    public BatchLimits(long tokenBudget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokenBudget, 1);
        TokenBudget = tokenBudget;
    }

    /// <summary>The most padded tokens (rows × longest row) in one call.</summary>
    public long TokenBudget { get; }

    /// <summary>The most rows in one call, whatever their length. Default: no cap.</summary>
    public int MaxBatchSize { get; init; } = int.MaxValue;

    /// <summary>An extra cost of one call with (rows, longest row), compared with <see cref="CostBudget"/>; null: none.</summary>
    public Func<int, int, long>? EstimateCost { get; init; }

    /// <summary>The most <see cref="EstimateCost"/> one call may have. Default: no limit.</summary>
    public long CostBudget { get; init; } = long.MaxValue;

    /// <summary>Whether <paramref name="rows"/> rows padded to <paramref name="longest"/> tokens fit every limit.</summary>
    public bool Fits(int rows, int longest) =>
        rows <= MaxBatchSize
        && (long)rows * longest <= TokenBudget
        && (EstimateCost is null || EstimateCost(rows, longest) <= CostBudget);
}
