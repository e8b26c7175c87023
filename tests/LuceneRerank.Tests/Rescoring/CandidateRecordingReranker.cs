using LuceneRerank.Reranking;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>An <see cref="ICandidateReranker"/> that records the candidates it receives and scores like <see cref="ScriptedReranker"/>.</summary>
internal sealed class CandidateRecordingReranker : ScriptedReranker, ICandidateReranker
{
    public List<RerankCandidate[]> CandidateCalls { get; } = new();

    public Task<float[]> ScoreCandidatesAsync(string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken cancellationToken = default)
    {
        CandidateCalls.Add(candidates.ToArray());
        return Task.FromResult(candidates.Select(c => ScoreFromText(c.Text)).ToArray());
    }
}
