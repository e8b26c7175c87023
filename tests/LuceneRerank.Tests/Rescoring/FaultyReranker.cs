using LuceneRerank.Reranking;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>How a <see cref="FaultyReranker"/> misbehaves.</summary>
public enum RerankerFault
{
    /// <summary><c>ScoreAsync</c> throws before returning a task (a model whose <c>Run</c> throws, called synchronously).</summary>
    ThrowsSynchronously,

    /// <summary>The returned task fails (a model whose <c>Run</c> throws, called asynchronously).</summary>
    FaultsItsTask,

    /// <summary><c>ScoreAsync</c> blocks its thread and ignores its token (a synchronous <c>Run</c> that hangs).</summary>
    BlocksItsThread,

    /// <summary>The returned task never completes and the token is ignored (an asynchronous hang).</summary>
    HangsAsynchronously,
}

/// <summary>
/// A reranker that fails in one of the <see cref="RerankerFault"/> ways. Its hangs last until <see cref="Release"/>
/// (or disposal), after which the call returns valid scores (0, 1, 2, …) that the rescorer must no longer use.
/// </summary>
internal sealed class FaultyReranker : IReranker, IDisposable
{
    private readonly ManualResetEventSlim _released = new(false);
    private readonly TaskCompletionSource _releasedAsync = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _finished;

    public FaultyReranker(RerankerFault fault)
    {
        Fault = fault;
    }

    public RerankerFault Fault { get; }

    public RerankerDescription Description { get; } = new()
    {
        Name = "faulty-test-reranker",
        MaxLength = 512,
        ScoreMeaning = "the passage's position, once released",
    };

    /// <summary>Set when a call has started.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Calls that have returned after a hang was released.</summary>
    public int Finished => Volatile.Read(ref _finished);

    public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        Started.TrySetResult();
        switch (Fault)
        {
            case RerankerFault.ThrowsSynchronously:
                throw new InvalidOperationException("model Run failed (synchronously)");
            case RerankerFault.FaultsItsTask:
                return Task.FromException<float[]>(new InvalidOperationException("model Run failed (asynchronously)"));
            case RerankerFault.BlocksItsThread:
                _released.Wait(CancellationToken.None); // ignores the token on purpose
                return Task.FromResult(Finish(passages.Count));
            default:
                return HangAsync(passages.Count);
        }
    }

    /// <summary>Ends every hang (the late calls then return scores).</summary>
    public void Release()
    {
        _released.Set();
        _releasedAsync.TrySetResult();
    }

    public void Dispose() => Release();

    private async Task<float[]> HangAsync(int count)
    {
        await _releasedAsync.Task.ConfigureAwait(false);
        return Finish(count);
    }

    private float[] Finish(int count)
    {
        Interlocked.Increment(ref _finished);
        return Enumerable.Range(0, count).Select(i => (float)i).ToArray();
    }
}
