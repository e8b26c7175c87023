using System.Diagnostics;

namespace LuceneRerank.Reranking;

/// <summary>
/// Cumulative, thread-safe counters a reranker keeps about its own work, so that callers (the console, benchmarks)
/// can report time spent in tokenisation and inference separately, and the cost of a method in forward passes and
/// tokens processed.
/// </summary>
/// <remarks>For the cost of one rescoring, read <see cref="Rescoring.RescoreResult.Statistics"/> instead of diffing
/// these counters: it is exact when several rescorings run at once. Only the reranker adds to the counters.</remarks>
public sealed class RerankStatistics
{
    private readonly bool _reportsToCall;
    private long _tokenizationTicks;
    private long _inferenceTicks;
    private long _forwardPasses;
    private long _tokensProcessed;
    private long _passagesScored;
    private long _batches;
    private long _largestBatch;
    private long _truncations;
    private long _chunks;

    /// <summary>Creates empty counters.</summary>
    public RerankStatistics()
        : this(reportsToCall: true)
    {
    }

    /// <summary>Creates empty counters.</summary>
    /// <param name="reportsToCall">Whether additions also go to the current <see cref="RerankCallScope"/>; false for
    /// counters that duplicate another instance's (a model's own counters beside its reranker's).</param>
    internal RerankStatistics(bool reportsToCall)
    {
        _reportsToCall = reportsToCall;
    }

    /// <summary>Total time spent turning text into token ids.</summary>
    public TimeSpan TokenizationTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _tokenizationTicks));

    /// <summary>Total time spent inside the model runtime (for ONNX: <c>InferenceSession.Run</c>).</summary>
    public TimeSpan InferenceTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _inferenceTicks));

    /// <summary>Number of sequences run through the model (one batched <c>Run</c> counts once per sequence in the batch).</summary>
    public long ForwardPasses => Interlocked.Read(ref _forwardPasses);

    /// <summary>Number of tokens fed to the model, padding excluded.</summary>
    public long TokensProcessed => Interlocked.Read(ref _tokensProcessed);

    /// <summary>Number of passages scored.</summary>
    public long PassagesScored => Interlocked.Read(ref _passagesScored);

    /// <summary>Number of batched model calls (one per batch, however many sequences it held).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>
    /// Number of passages cut to fit a model input (to the maximum length, or to a listwise/pairwise per-passage cap);
    /// a passage that appears in several inputs (listwise windows, pairwise prompts) counts in each. The query and a
    /// prompt's fixed parts are never cut; a cross-encoder query too long to leave the passage its minimum is, and then
    /// every pair of that call counts.
    /// </summary>
    public long Truncations => Interlocked.Read(ref _truncations);

    /// <summary>
    /// Number of passage chunks a cross-encoder scored as pairs of their own (see <see cref="PassageChunking"/>): one
    /// per passage without chunking, more for passages longer than the window with it. Other rerankers count none.
    /// </summary>
    public long ChunksScored => Interlocked.Read(ref _chunks);

    /// <summary>Number of batched model calls (the same as <see cref="Batches"/>).</summary>
    internal long ModelCalls => Batches;

    /// <summary>The most sequences one model call held.</summary>
    internal long LargestBatch => Interlocked.Read(ref _largestBatch);

    /// <summary>Adds time spent tokenising, measured in <see cref="Stopwatch"/> ticks.</summary>
    internal void AddTokenization(long stopwatchTicks)
    {
        Interlocked.Add(ref _tokenizationTicks, stopwatchTicks);
        if (_reportsToCall)
        {
            RerankCallScope.AddTokenization(stopwatchTicks);
        }
    }

    /// <summary>Adds time spent in the runtime, measured in <see cref="Stopwatch"/> ticks.</summary>
    internal void AddInference(long stopwatchTicks)
    {
        Interlocked.Add(ref _inferenceTicks, stopwatchTicks);
        if (_reportsToCall)
        {
            RerankCallScope.AddInference(stopwatchTicks);
        }
    }

    /// <summary>Counts one batched model call: its forward passes (sequences) and the real tokens they carried.</summary>
    internal void AddForwardPasses(long sequences, long tokens)
    {
        Interlocked.Add(ref _forwardPasses, sequences);
        Interlocked.Add(ref _tokensProcessed, tokens);
        Interlocked.Increment(ref _batches);
        var largest = Interlocked.Read(ref _largestBatch);
        while (sequences > largest)
        {
            var seen = Interlocked.CompareExchange(ref _largestBatch, sequences, largest);
            if (seen == largest)
            {
                break;
            }

            largest = seen;
        }

        if (_reportsToCall)
        {
            RerankCallScope.AddForwardPasses(sequences, tokens);
        }
    }

    /// <summary>Counts passages scored.</summary>
    internal void AddPassages(long count)
    {
        Interlocked.Add(ref _passagesScored, count);
        if (_reportsToCall)
        {
            RerankCallScope.AddPassages(count);
        }
    }

    /// <summary>Counts model inputs whose document text was truncated (the one place truncations are counted).</summary>
    internal void AddTruncations(long count)
    {
        Interlocked.Add(ref _truncations, count);
        if (_reportsToCall)
        {
            RerankCallScope.AddTruncations(count);
        }
    }

    /// <summary>Counts passage chunks scored as pairs of their own.</summary>
    internal void AddChunks(long count)
    {
        Interlocked.Add(ref _chunks, count);
        if (_reportsToCall)
        {
            RerankCallScope.AddChunks(count);
        }
    }

    /// <summary>Sets every counter back to zero.</summary>
    internal void Reset()
    {
        Interlocked.Exchange(ref _tokenizationTicks, 0);
        Interlocked.Exchange(ref _inferenceTicks, 0);
        Interlocked.Exchange(ref _forwardPasses, 0);
        Interlocked.Exchange(ref _tokensProcessed, 0);
        Interlocked.Exchange(ref _passagesScored, 0);
        Interlocked.Exchange(ref _batches, 0);
        Interlocked.Exchange(ref _largestBatch, 0);
        Interlocked.Exchange(ref _truncations, 0);
        Interlocked.Exchange(ref _chunks, 0);
    }
}
