using System.Collections.Concurrent;
using System.Diagnostics;

namespace LuceneRerank.LoadBench;

/// <summary>
/// Closed-loop load: <c>concurrency</c> callers each send a request, wait for its answer and send the next, until
/// the time limit or the request limit is reached (whichever first). Every answer is checked for its length.
/// </summary>
internal static class LoadRunner
{
    public static async Task<LoadResult> RunAsync(string mode, int concurrency, int pairsPerRequest, TimeSpan duration, int maxRequests,
        Func<int, Task<float[]>> score)
    {
        var latencies = new ConcurrentBag<double>();
        var next = -1;
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var firstError = (Exception?)null;

        async Task Caller()
        {
            while (clock.Elapsed < duration)
            {
                var request = Interlocked.Increment(ref next);
                if (request >= maxRequests)
                {
                    return;
                }

                var started = Stopwatch.GetTimestamp();
                try
                {
                    var scores = await score(request);
                    if (scores.Length != pairsPerRequest)
                    {
                        throw new InvalidDataException($"request {request}: {scores.Length} scores for {pairsPerRequest} passages");
                    }

                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e, null);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Caller)));
        var elapsed = clock.Elapsed;
        if (firstError is not null)
        {
            Console.Error.WriteLine($"  {mode} c={concurrency}: {errors} errors, first: {firstError.GetType().Name}: {firstError.Message}");
        }

        return new LoadResult(mode, concurrency, latencies.Count, errors, elapsed, pairsPerRequest, [.. latencies]);
    }
}
