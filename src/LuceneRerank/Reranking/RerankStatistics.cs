using System.Diagnostics;

namespace LuceneRerank.Reranking;

/// <summary>
/// Cumulative, thread-safe counters a reranker keeps about its own work, so that callers (the console, benchmarks)
/// can report time spent in tokenisation and inference separately, and the cost of a method in forward passes and
/// tokens processed.
/// </summary>
public sealed class RerankStatistics
{
    private long _tokenizationTicks;
    private long _inferenceTicks;
    private long _forwardPasses;
    private long _tokensProcessed;
    private long _passagesScored;

    /// <summary>Total time spent turning text into token ids.</summary>
    public TimeSpan TokenizationTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _tokenizationTicks));

    /// <summary>Total time spent inside the model runtime (for ONNX: <c>InferenceSession.Run</c>).</summary>
    public TimeSpan InferenceTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _inferenceTicks));

    /// <summary>Number of model calls (one batched <c>Run</c> counts once per sequence in the batch).</summary>
    public long ForwardPasses => Interlocked.Read(ref _forwardPasses);

    /// <summary>Number of tokens fed to the model, padding excluded.</summary>
    public long TokensProcessed => Interlocked.Read(ref _tokensProcessed);

    /// <summary>Number of passages scored.</summary>
    public long PassagesScored => Interlocked.Read(ref _passagesScored);

    /// <summary>Adds time spent tokenising, measured in <see cref="Stopwatch"/> ticks.</summary>
    public void AddTokenization(long stopwatchTicks) => Interlocked.Add(ref _tokenizationTicks, stopwatchTicks);

    /// <summary>Adds time spent in the runtime, measured in <see cref="Stopwatch"/> ticks.</summary>
    public void AddInference(long stopwatchTicks) => Interlocked.Add(ref _inferenceTicks, stopwatchTicks);

    /// <summary>Counts forward passes (sequences) and the real tokens they carried.</summary>
    public void AddForwardPasses(long sequences, long tokens)
    {
        Interlocked.Add(ref _forwardPasses, sequences);
        Interlocked.Add(ref _tokensProcessed, tokens);
    }

    /// <summary>Counts passages scored.</summary>
    public void AddPassages(long count) => Interlocked.Add(ref _passagesScored, count);

    /// <summary>Sets every counter back to zero.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _tokenizationTicks, 0);
        Interlocked.Exchange(ref _inferenceTicks, 0);
        Interlocked.Exchange(ref _forwardPasses, 0);
        Interlocked.Exchange(ref _tokensProcessed, 0);
        Interlocked.Exchange(ref _passagesScored, 0);
    }
}
