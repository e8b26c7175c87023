using LuceneRerank.Reranking;

namespace LuceneRerank.Tests.Reranking;

/// <summary>
/// A fake reranker whose calls finish only when the test says so: each call is recorded with a gate the test
/// completes with scores, an exception or a cancellation. A call honours its token (cancelling it cancels the call).
/// </summary>
internal sealed class GatedReranker : IReranker
{
    private readonly List<GatedCall> _calls = new();
    private readonly SemaphoreSlim _called = new(0);

    public RerankerDescription Description { get; } = new()
    {
        Name = "gated-test-reranker",
        MaxLength = 512,
        ScoreMeaning = "whatever the test completes the call with",
    };

    public IReadOnlyList<GatedCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToArray();
            }
        }
    }

    /// <summary>Waits until the <paramref name="number"/>-th call (1-based) has been made, and returns it.</summary>
    public async Task<GatedCall> CallAsync(int number)
    {
        while (Calls.Count < number)
        {
            if (!await _called.WaitAsync(TimeSpan.FromSeconds(30)))
            {
                Assert.Fail($"the reranker was not called {number} time(s) within 30 s");
            }
        }

        return Calls[number - 1];
    }

    public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        var call = new GatedCall(query, passages.ToArray());
        cancellationToken.Register(() => call.Gate.TrySetCanceled(cancellationToken));
        lock (_calls)
        {
            _calls.Add(call);
        }

        _called.Release();
        return call.Gate.Task;
    }
}

/// <summary>One call to a <see cref="GatedReranker"/>.</summary>
internal sealed record GatedCall(string Query, string[] Passages)
{
    public TaskCompletionSource<float[]> Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
