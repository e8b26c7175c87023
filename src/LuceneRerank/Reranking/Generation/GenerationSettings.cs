namespace LuceneRerank.Reranking.Generation;

/// <summary>What every row of one <see cref="OnnxTextGenerator"/> call shares: stop ids, tracked ids, streaming, deadline.</summary>
internal sealed class GenerationSettings
{
    /// <summary>The model's end-of-sequence ids.</summary>
    public required IReadOnlySet<int> EndOfSequenceIds { get; init; }

    /// <summary><see cref="GenerationOptions.StopTokenIds"/>.</summary>
    public required IReadOnlySet<int> StopTokenIds { get; init; }

    /// <summary><see cref="GenerationOptions.TrackedTokenIds"/>, distinct.</summary>
    public required int[] TrackedTokenIds { get; init; }

    /// <summary><see cref="GenerationOptions.OnToken"/>.</summary>
    public Action<GenerationStep>? OnToken { get; init; }

    /// <summary>When the time budget runs out (<see cref="System.Diagnostics.Stopwatch"/> timestamp); null: never.</summary>
    public long? Deadline { get; init; }

    /// <summary>Whether the time budget has run out.</summary>
    public bool TimeIsUp => Deadline is { } deadline && System.Diagnostics.Stopwatch.GetTimestamp() >= deadline;
}
