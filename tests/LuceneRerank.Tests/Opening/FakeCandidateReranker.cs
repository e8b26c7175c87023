using LuceneRerank.Reranking;

namespace LuceneRerank.Tests.Opening;

/// <summary>A <see cref="FakeInnerReranker"/> that also takes candidates (scored by first-stage rank) and keeps statistics.</summary>
internal sealed class FakeCandidateReranker(List<string> log) : FakeInnerReranker(log), ICandidateReranker, IRerankStatisticsSource
{
    public List<RerankCandidate[]> CandidateCalls { get; } = [];

    public RerankStatistics Statistics { get; } = new();

    public Task<float[]> ScoreCandidatesAsync(string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken cancellationToken = default)
    {
        CandidateCalls.Add([.. candidates]);
        return Task.FromResult(candidates.Select(c => (float)c.FirstStageRank).ToArray());
    }
}
