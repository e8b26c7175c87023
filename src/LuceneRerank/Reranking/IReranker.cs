namespace LuceneRerank.Reranking;

/// <summary>
/// The one contract every neural reranker implements: score passages for a query.
/// A reranker knows nothing of Lucene; <c>NeuralRescorer</c> adapts it to <c>TopDocs</c>.
/// </summary>
/// <remarks>Implementations must be safe to call from several threads at once.</remarks>
public interface IReranker
{
    /// <summary>What the model is, how long its inputs may be and what its scores mean.</summary>
    RerankerDescription Description { get; }

    /// <summary>
    /// Scores each passage against the query. Returns one score per passage, in the order of <paramref name="passages"/>;
    /// a higher score means more relevant.
    /// </summary>
    /// <param name="query">The user's query text.</param>
    /// <param name="passages">Passage texts; may be empty (then the result is empty).</param>
    /// <param name="cancellationToken">Cancels the scoring; the task then ends with <see cref="OperationCanceledException"/>.</param>
    Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default);
}
