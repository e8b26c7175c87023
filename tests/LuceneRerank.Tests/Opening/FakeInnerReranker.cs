using LuceneRerank.Reranking;

namespace LuceneRerank.Tests.Opening;

/// <summary>
/// A reranker that scores each passage by its length, records the texts it was asked about, and appends "inner" to a
/// log when disposed.
/// </summary>
internal class FakeInnerReranker(List<string> log) : IReranker, IDisposable
{
    public List<string[]> TextCalls { get; } = [];

    public RerankerDescription Description { get; } = new() { Name = "fake", MaxLength = 512, ScoreMeaning = "passage length" };

    public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        TextCalls.Add([.. passages]);
        return Task.FromResult(passages.Select(p => (float)p.Length).ToArray());
    }

    public void Dispose() => log.Add("inner");
}
