using System.Diagnostics;
using System.Globalization;
using LuceneRerank.Reranking;

namespace LuceneRerank.SearchConsole.Tests.Commands;

/// <summary>
/// A deterministic reranker for console tests: a passage scores the number after "score=" in it (−100 without one).
/// It books one tick of tokenisation and two of inference per passage in its statistics, so the console's time
/// split can be checked exactly.
/// </summary>
internal sealed class TextScoreReranker : IReranker, IRerankStatisticsSource
{
    public RerankerDescription Description { get; } = new() { Name = "text-score", MaxLength = 64, ScoreMeaning = "score= in the text" };

    public RerankStatistics Statistics { get; } = new();

    public List<string[]> Calls { get; } = new();

    public static TimeSpan TicksToTime(long ticks) => Stopwatch.GetElapsedTime(0, ticks);

    public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        Calls.Add(passages.ToArray());
        Statistics.AddTokenization(passages.Count);
        Statistics.AddInference(2L * passages.Count);
        Statistics.AddPassages(passages.Count);
        return Task.FromResult(passages.Select(Score).ToArray());
    }

    private static float Score(string passage)
    {
        var at = passage.IndexOf("score=", StringComparison.Ordinal);
        if (at < 0)
        {
            return -100f;
        }

        var end = at + 6;
        while (end < passage.Length && char.IsDigit(passage[end]))
        {
            end++;
        }

        return float.Parse(passage[(at + 6)..end], CultureInfo.InvariantCulture);
    }
}
