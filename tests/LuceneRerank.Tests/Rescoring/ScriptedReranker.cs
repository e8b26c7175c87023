using LuceneRerank.Reranking;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>
/// A deterministic test reranker: a passage's score is given by a function of its text (by default the number
/// after "score=" in it). It records every call and can be told to fail in the ways a real model fails.
/// </summary>
internal class ScriptedReranker : IReranker
{
    private readonly Func<string, float> _score;
    private readonly List<(string Query, string[] Passages)> _calls = new();

    public ScriptedReranker(Func<string, float>? score = null)
    {
        _score = score ?? ScoreFromText;
    }

    public RerankerDescription Description { get; init; } = new()
    {
        Name = "scripted-test-reranker",
        MaxLength = 512,
        ScoreMeaning = "the number after score= in the passage",
    };

    /// <summary>Passages are scored in batches of this size; <see cref="ThrowAtPassage"/> fails inside a later batch.</summary>
    public int BatchSize { get; init; } = 2;

    /// <summary>When set, scoring throws <see cref="InvalidOperationException"/> on reaching this passage index.</summary>
    public int? ThrowAtPassage { get; init; }

    /// <summary>When set, the returned array is replaced by this function's result.</summary>
    public Func<float[], float[]>? Corrupt { get; init; }

    /// <summary>Waits for cancellation of its token before scoring.</summary>
    public bool HangHonouringToken { get; init; }

    /// <summary>Never finishes and ignores its token.</summary>
    public bool HangIgnoringToken { get; init; }

    /// <summary>Set once the reranker has started its work (for cancellation tests).</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<(string Query, string[] Passages)> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToArray();
            }
        }
    }

    public int PassagesScored { get; private set; }

    public static float ScoreFromText(string passage)
    {
        var at = passage.IndexOf("score=", StringComparison.Ordinal);
        if (at < 0)
        {
            return -100f;
        }

        var end = at + 6;
        while (end < passage.Length && (char.IsDigit(passage[end]) || passage[end] is '.' or '-'))
        {
            end++;
        }

        return float.Parse(passage[(at + 6)..end], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        lock (_calls)
        {
            _calls.Add((query, passages.ToArray()));
        }

        Started.TrySetResult();
        if (HangIgnoringToken)
        {
            await new TaskCompletionSource<bool>().Task;
        }

        if (HangHonouringToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        var scores = new float[passages.Count];
        for (var start = 0; start < passages.Count; start += BatchSize)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = start; i < Math.Min(passages.Count, start + BatchSize); i++)
            {
                if (i == ThrowAtPassage)
                {
                    throw new InvalidOperationException($"model failed in the batch starting at passage {start}");
                }

                scores[i] = _score(passages[i]);
                PassagesScored++;
            }
        }

        return Corrupt is null ? scores : Corrupt(scores);
    }
}
