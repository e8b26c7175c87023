using System.Diagnostics;
using LuceneRerank.Diagnostics;

namespace LuceneRerank.Reranking;

/// <summary>
/// The ambient per-call counters: a rescoring opens a scope around its reranker call, and every
/// <see cref="RerankStatistics"/> mutator called inside it (on that async flow, including tasks the reranker starts)
/// also adds to the scope. Each rescoring has its own scope, so the figures are exact under concurrency.
/// </summary>
internal sealed class RerankCallScope : IDisposable
{
    private static readonly AsyncLocal<RerankCallScope?> CurrentScope = new();

    private readonly RerankCallScope? _previous;
    private long _tokenizationTicks;
    private long _inferenceTicks;
    private long _forwardPasses;
    private long _tokens;
    private long _passages;
    private long _batches;
    private long _truncations;
    private long _chunks;
    private readonly object _chunkLock = new();
    private Dictionary<string, PassageChunkChoice>? _chunkChoices;
    private long _generatedTokens;
    private readonly List<RerankReasoning> _reasoning = [];
    private long _storedEmbeddingMisses;
    private System.Collections.Concurrent.ConcurrentDictionary<int, string>? _passageNotes;
    private int _closed;

    private RerankCallScope(string model, RerankCallScope? previous)
    {
        Model = model;
        _previous = previous;
    }

    /// <summary>The scope of the current async flow, or <c>null</c> outside any rescoring.</summary>
    public static RerankCallScope? Current => CurrentScope.Value;

    /// <summary>The reranker's name (a tag for per-batch metrics).</summary>
    public string Model { get; }

    /// <summary>Opens a scope on the current async flow; dispose it on the same flow to close it.</summary>
    public static RerankCallScope Begin(string model)
    {
        var scope = new RerankCallScope(model, CurrentScope.Value);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>Adds tokenisation time (Stopwatch ticks) to the current scope, if any.</summary>
    public static void AddTokenization(long ticks)
    {
        var scope = Current;
        scope?.Add(ref scope._tokenizationTicks, ticks);
    }

    /// <summary>Adds inference time (Stopwatch ticks) to the current scope, if any.</summary>
    public static void AddInference(long ticks)
    {
        var scope = Current;
        scope?.Add(ref scope._inferenceTicks, ticks);
    }

    /// <summary>Adds one batch of <paramref name="sequences"/> carrying <paramref name="tokens"/> real tokens.</summary>
    public static void AddForwardPasses(long sequences, long tokens)
    {
        var scope = Current;
        RerankTelemetry.RecordBatch(sequences, scope?.Model);
        if (scope is null || Volatile.Read(ref scope._closed) != 0)
        {
            return;
        }

        Interlocked.Add(ref scope._forwardPasses, sequences);
        Interlocked.Add(ref scope._tokens, tokens);
        Interlocked.Increment(ref scope._batches);
    }

    /// <summary>Adds scored passages to the current scope, if any.</summary>
    public static void AddPassages(long count)
    {
        var scope = Current;
        scope?.Add(ref scope._passages, count);
    }

    /// <summary>Adds truncated inputs to the current scope, if any.</summary>
    public static void AddTruncations(long count)
    {
        var scope = Current;
        RerankTelemetry.RecordTruncations(count, scope?.Model);
        scope?.Add(ref scope._truncations, count);
    }

    /// <summary>Adds passage chunks scored to the current scope, if any.</summary>
    public static void AddChunks(long count)
    {
        var scope = Current;
        scope?.Add(ref scope._chunks, count);
    }

    /// <summary>
    /// Keeps, for the current scope's <c>Explain</c>, which chunk decided each passage's score; looked up by the passage
    /// string itself (the one the rescoring handed over), so wrappers that score a subset or reorder do not mislead it.
    /// </summary>
    public static void ReportChunkChoices(IReadOnlyList<string> passages, IReadOnlyList<PassageChunkChoice> choices)
    {
        var scope = Current;
        if (scope is null || Volatile.Read(ref scope._closed) != 0)
        {
            return;
        }

        lock (scope._chunkLock)
        {
            scope._chunkChoices ??= new Dictionary<string, PassageChunkChoice>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < passages.Count; i++)
            {
                scope._chunkChoices[passages[i]] = choices[i];
            }
        }
    }

    /// <summary>The chunk that decided the score of <paramref name="passage"/> (this very string) in this scope, or <c>null</c>.</summary>
    public PassageChunkChoice? ChunkChoiceOf(string passage)
    {
        lock (_chunkLock)
        {
            return _chunkChoices?.GetValueOrDefault(passage);
        }
    }

    /// <summary>Adds generated tokens to the current scope, if any.</summary>
    public static void AddGeneratedTokens(long count)
    {
        var scope = Current;
        scope?.Add(ref scope._generatedTokens, count);
    }

    /// <summary>Keeps a reasoning text a generating reranker reported, in the current scope, if any.</summary>
    public static void AddReasoning(RerankReasoning reasoning)
    {
        var scope = Current;
        if (scope is null || Volatile.Read(ref scope._closed) != 0)
        {
            return;
        }

        lock (scope._reasoning)
        {
            scope._reasoning.Add(reasoning);
        }
    }

    /// <summary>The reasoning reported so far, in the order it was reported.</summary>
    public IReadOnlyList<RerankReasoning> Reasoning()
    {
        lock (_reasoning)
        {
            return [.. _reasoning];
        }
    }

    /// <summary>Adds passages a stored-embedding reranker had to encode at query time to the current scope, if any.</summary>
    public static void AddStoredEmbeddingMisses(long count)
    {
        var scope = Current;
        scope?.Add(ref scope._storedEmbeddingMisses, count);
    }

    /// <summary>
    /// Records what the reranker says about how it scored the passage at <paramref name="firstStageRank"/> (its
    /// <see cref="RerankCandidate.FirstStageRank"/>); <c>Explain</c> shows it. No-op outside a scope.
    /// </summary>
    public static void NotePassage(int firstStageRank, string note)
    {
        var scope = Current;
        if (scope is null || Volatile.Read(ref scope._closed) != 0)
        {
            return;
        }

        var notes = LazyInitializer.EnsureInitialized(ref scope._passageNotes, () => new System.Collections.Concurrent.ConcurrentDictionary<int, string>());
        notes[firstStageRank] = note;
    }

    /// <summary>The notes recorded by <see cref="NotePassage"/>, by first-stage rank; <c>null</c> when none.</summary>
    public IReadOnlyDictionary<int, string>? PassageNotes => Volatile.Read(ref _passageNotes);

    /// <summary>The figures so far.</summary>
    public RerankCallStatistics Snapshot() => new()
    {
        TokenizationTime = Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _tokenizationTicks)),
        InferenceTime = Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _inferenceTicks)),
        ForwardPasses = Interlocked.Read(ref _forwardPasses),
        TokensProcessed = Interlocked.Read(ref _tokens),
        PassagesScored = Interlocked.Read(ref _passages),
        Batches = Interlocked.Read(ref _batches),
        Truncations = Interlocked.Read(ref _truncations),
        ChunksScored = Interlocked.Read(ref _chunks),
        GeneratedTokens = Interlocked.Read(ref _generatedTokens),
        StoredEmbeddingMisses = Interlocked.Read(ref _storedEmbeddingMisses),
    };

    /// <summary>Closes the scope: later work (of an abandoned reranker task) is not counted; the previous scope is current again.</summary>
    public void Dispose()
    {
        Volatile.Write(ref _closed, 1);
        if (ReferenceEquals(CurrentScope.Value, this))
        {
            CurrentScope.Value = _previous;
        }
    }

    private void Add(ref long field, long value)
    {
        if (Volatile.Read(ref _closed) == 0)
        {
            Interlocked.Add(ref field, value);
        }
    }
}
