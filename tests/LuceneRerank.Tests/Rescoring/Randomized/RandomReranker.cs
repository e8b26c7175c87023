using LuceneRerank.Reranking;

namespace LuceneRerank.Tests.Rescoring.Randomized;

/// <summary>A reranker that behaves as a <see cref="RandomRescoreCase"/> planned, and records what it was given.</summary>
internal class RandomReranker : IReranker
{
    private readonly RandomRescoreCase _case;

    public RandomReranker(RandomRescoreCase randomCase)
    {
        _case = randomCase;
    }

    public RerankerDescription Description { get; } = new() { Name = "random-test-reranker", MaxLength = 512, ScoreMeaning = "planned" };

    public int CallCount { get; private set; }

    public string[]? Passages { get; private set; }

    public InvalidOperationException? Thrown { get; private set; }

    public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        CallCount++;
        Passages = passages.ToArray();
        switch (_case.Behaviour)
        {
            case RandomRerankerBehaviour.Throws:
                Thrown = new InvalidOperationException($"planned model failure (seed {_case.Seed})");
                throw Thrown;
            case RandomRerankerBehaviour.Null:
                return Task.FromResult<float[]>(null!);
            case RandomRerankerBehaviour.WrongCount:
                return Task.FromResult(_case.Seed % 2 == 0 ? _case.PlannedScores.Append(1f).ToArray() : _case.PlannedScores.Skip(1).ToArray());
            case RandomRerankerBehaviour.NonFinite:
                var broken = _case.PlannedScores.ToArray();
                broken[_case.Seed % broken.Length] = new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity }[_case.Seed % 3];
                return Task.FromResult(broken);
            default:
                return Task.FromResult(_case.PlannedScores.ToArray());
        }
    }
}

/// <summary>The same, seen by the rescorer as an <see cref="ICandidateReranker"/>; it records the candidates.</summary>
internal sealed class RandomCandidateReranker : RandomReranker, ICandidateReranker
{
    public RandomCandidateReranker(RandomRescoreCase randomCase)
        : base(randomCase)
    {
    }

    public RerankCandidate[]? Candidates { get; private set; }

    public Task<float[]> ScoreCandidatesAsync(
        string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken cancellationToken = default)
    {
        Candidates = candidates.ToArray();
        return ScoreAsync(query, candidates.Select(c => c.Text).ToArray(), cancellationToken);
    }
}
