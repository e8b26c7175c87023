using LuceneRerank.Reranking;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>
/// A test reranker that reports its work as the library's rerankers do, with figures that follow from its input:
/// per passage 1,000 ticks of tokenisation, 2,000 ticks of inference and 10 tokens; batches of 2; one truncation per
/// passage containing "long". Scores are <see cref="ScriptedReranker.ScoreFromText"/>. Each batch runs after a yield
/// (and an optional delay), so concurrent calls interleave.
/// </summary>
internal sealed class ReportingReranker : IReranker, IRerankStatisticsSource
{
    public const long TokenizationTicksPerPassage = 1_000;
    public const long InferenceTicksPerPassage = 2_000;
    public const long TokensPerPassage = 10;
    public const int BatchSize = 2;

    public ReportingReranker(string name, string provider = "TestEP")
    {
        Description = new RerankerDescription { Name = name, MaxLength = 64, ScoreMeaning = "score= in the text", ExecutionProvider = provider };
    }

    public RerankerDescription Description { get; }

    public RerankStatistics Statistics { get; } = new();

    /// <summary>Time to wait per batch.</summary>
    public TimeSpan DelayPerBatch { get; init; }

    /// <summary>When set, scoring throws this after reporting its tokenisation.</summary>
    public Exception? Failure { get; init; }

    public static long Batches(int passages) => (passages + BatchSize - 1) / BatchSize;

    public async Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        Statistics.AddTokenization(TokenizationTicksPerPassage * passages.Count);
        Statistics.AddTruncations(passages.Count(p => p.Contains("long", StringComparison.Ordinal)));
        if (Failure is not null)
        {
            throw Failure;
        }

        for (var start = 0; start < passages.Count; start += BatchSize)
        {
            await Task.Delay(DelayPerBatch, cancellationToken);
            var rows = Math.Min(BatchSize, passages.Count - start);
            Statistics.AddInference(InferenceTicksPerPassage * rows);
            Statistics.AddForwardPasses(rows, TokensPerPassage * rows);
        }

        Statistics.AddPassages(passages.Count);
        return passages.Select(ScriptedReranker.ScoreFromText).ToArray();
    }
}
