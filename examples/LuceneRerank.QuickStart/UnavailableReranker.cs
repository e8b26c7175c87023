using LuceneRerank.Reranking;

/// <summary>
/// Stands in for a reranker that cannot answer (a model server that is down, a GPU out of memory): every call fails.
/// The quick-start uses it to show what <c>FailurePolicy.FallBackToFirstPass</c> and the Warning log look like.
/// </summary>
internal sealed class UnavailableReranker : IReranker
{
    /// <inheritdoc />
    public RerankerDescription Description { get; } = new()
    {
        Name = "unavailable-llm",
        MaxLength = 512,
        ScoreMeaning = "none: every call fails",
    };

    /// <inheritdoc />
    public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default) =>
        Task.FromException<float[]>(new InvalidOperationException("the model server did not answer"));
}
