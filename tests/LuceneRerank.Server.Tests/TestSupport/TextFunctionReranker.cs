using System.Collections.Concurrent;
using LuceneRerank.Reranking;

namespace LuceneRerank.Server.Tests.TestSupport;

/// <summary>
/// A reranker whose score is a known function of the text (<see cref="Expected"/>: an FNV-1a hash of query and passage),
/// that records every pair it scores and every call, and can be held at a gate to keep the scheduler busy.
/// </summary>
internal sealed class TextFunctionReranker : IReranker
{
    private readonly ConcurrentQueue<(string Query, string Passage)> _scored = new();
    private readonly ConcurrentQueue<(string Query, int Count)> _calls = new();
    private volatile TaskCompletionSource _gate = Open();

    /// <inheritdoc />
    public RerankerDescription Description { get; } = new() { Name = "text-function", MaxLength = 512, ScoreMeaning = "FNV-1a hash of query|passage" };

    /// <summary>Every pair scored, in order.</summary>
    public IReadOnlyCollection<(string Query, string Passage)> Scored => _scored;

    /// <summary>Every call: its query and how many passages.</summary>
    public IReadOnlyList<(string Query, int Count)> Calls => _calls.ToArray();

    /// <summary>Set when a call waits at the closed gate.</summary>
    public TaskCompletionSource Waiting { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The score of a pair: an integer below 2^24, so exact as a float.</summary>
    public static float Expected(string query, string passage)
    {
        var hash = 2166136261u;
        foreach (var c in query + "|" + passage)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash % (1u << 24);
    }

    /// <summary>Makes calls wait until <see cref="Release"/>.</summary>
    public void Close()
    {
        Waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Lets waiting and later calls through.</summary>
    public void Release() => _gate.TrySetResult();

    /// <inheritdoc />
    public async Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        _calls.Enqueue((query, passages.Count));
        var gate = _gate;
        if (!gate.Task.IsCompleted)
        {
            Waiting.TrySetResult();
            await gate.Task.WaitAsync(cancellationToken);
        }

        foreach (var passage in passages)
        {
            _scored.Enqueue((query, passage));
        }

        return passages.Select(p => Expected(query, p)).ToArray();
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
