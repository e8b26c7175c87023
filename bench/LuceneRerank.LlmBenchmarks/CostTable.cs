using System.Diagnostics;
using LuceneRerank.Reranking;

namespace LuceneRerank.LlmBenchmarks;

/// <summary>
/// One table of per-rerank cost: for each depth and method, the forward passes, tokens processed, ONNX Runtime time
/// and wall time of reranking the top-<c>depth</c> SciFact passages, averaged over the queries.
/// </summary>
internal sealed class CostTable(SciFactTexts texts, TextWriter output, int nameWidth)
{
    public void WriteHeader() =>
        output.WriteLine($"{"method".PadRight(nameWidth)} {"depth",5} {"passes",7} {"tokens",9} {"tokens/pass",11} {"ORT ms",9} {"wall ms",9}");

    /// <summary>
    /// Runs every method at every depth over <paramref name="queryCount"/> queries and prints one row each, after one
    /// uncounted warm-up rerank of the first method at the smallest depth (ONNX Runtime grows its memory arenas to the
    /// largest batch it has seen, which a one-passage warm-up does not reach).
    /// </summary>
    public async Task RunAsync(IReadOnlyList<(string Name, IReranker Reranker)> methods, IReadOnlyList<int> depths, int queryCount)
    {
        await methods[0].Reranker.ScoreAsync(texts.Queries[0], [.. texts.Passages.Take(depths.Min())]);
        foreach (var depth in depths)
        {
            foreach (var (name, reranker) in methods)
            {
                var statistics = ((IRerankStatisticsSource)reranker).Statistics;
                statistics.Reset();
                var wall = TimeSpan.Zero;
                for (var q = 0; q < queryCount; q++)
                {
                    var query = texts.Queries[q % texts.Queries.Count];
                    var passages = Enumerable.Range(q * depth, depth).Select(i => texts.Passages[i % texts.Passages.Count]).ToArray();
                    var started = Stopwatch.GetTimestamp();
                    if (reranker is ICandidateReranker candidates)
                    {
                        // Synthetic first-stage scores (descending, as BM25 would give) for InsertRank.
                        await candidates.ScoreCandidatesAsync(query, [.. passages.Select((p, r) => new RerankCandidate(p, 30f - (0.1f * r), r))]);
                    }
                    else
                    {
                        await reranker.ScoreAsync(query, passages);
                    }

                    wall += Stopwatch.GetElapsedTime(started);
                }

                output.WriteLine(
                    $"{name.PadRight(nameWidth)} {depth,5} {statistics.ForwardPasses / (double)queryCount,7:0.#} {statistics.TokensProcessed / (double)queryCount,9:0} " +
                    $"{statistics.TokensProcessed / (double)Math.Max(1, statistics.ForwardPasses),11:0.0} {statistics.InferenceTime.TotalMilliseconds / queryCount,9:0.0} " +
                    $"{wall.TotalMilliseconds / queryCount,9:0.0}");
            }
        }
    }
}
