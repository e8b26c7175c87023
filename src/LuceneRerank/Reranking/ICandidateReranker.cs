namespace LuceneRerank.Reranking;

/// <summary>
/// A reranker that can use what the first stage knew about each passage (its BM25 score and rank), for example to
/// put the score in an LLM prompt (InsertRank). <c>NeuralRescorer</c> calls
/// <see cref="ScoreCandidatesAsync"/> instead of <see cref="IReranker.ScoreAsync"/> when a reranker implements it.
/// </summary>
public interface ICandidateReranker : IReranker
{
    /// <summary>Scores each candidate; one score per candidate, same order, higher is more relevant.</summary>
    Task<float[]> ScoreCandidatesAsync(string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken cancellationToken = default);
}
