using LuceneRerank.Models;
using LuceneRerank.Reranking;

namespace LuceneRerank;

/// <summary>
/// A reranker opened by <see cref="Rerankers.Open"/>, with everything loaded for it. It scores through the family
/// reranker (<see cref="Inner"/>) and, when disposed, disposes that reranker and then the models under it, once.
/// </summary>
/// <remarks>
/// Thread-safe as the family rerankers are: scoring may run from several threads at once. Do not dispose it while a
/// call is in flight; calls after <see cref="Dispose"/> throw <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed class OpenedReranker : ICandidateReranker, IRerankStatisticsSource, IDisposable
{
    private readonly IReadOnlyList<IDisposable> _owned;
    private readonly RerankStatistics _ownStatistics = new();
    private int _disposed;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="owned"/> are disposed, in order, after it.</summary>
    internal OpenedReranker(IReranker inner, RerankerOpenPlan plan, params IDisposable[] owned)
    {
        Inner = inner;
        Method = plan.Method;
        Manifest = plan.Manifest;
        ModelDirectory = plan.ModelDirectory;
        _owned = owned;
    }

    /// <summary>What <see cref="Dispose"/> disposes after <see cref="Inner"/>, in order (the models under it).</summary>
    internal IReadOnlyList<IDisposable> Owned => _owned;

    /// <summary>The family reranker (for example a <c>ListwiseReranker</c>), for family-specific members.</summary>
    public IReranker Inner { get; }

    /// <summary>The reranking method in use (never <see cref="RerankMethod.Auto"/>).</summary>
    public RerankMethod Method { get; }

    /// <summary>The manifest used; null for a cross-encoder opened from a folder without one.</summary>
    public ModelManifest? Manifest { get; }

    /// <summary>The folder the model's files were read from (full path).</summary>
    public string ModelDirectory { get; }

    /// <inheritdoc />
    public RerankerDescription Description => Inner.Description;

    /// <summary>The inner reranker's counters; an empty set that never changes when it keeps none.</summary>
    public RerankStatistics Statistics => Inner is IRerankStatisticsSource source ? source.Statistics : _ownStatistics;

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">After <see cref="Dispose"/>.</exception>
    public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Inner.ScoreAsync(query, passages, cancellationToken);
    }

    /// <summary>
    /// Scores candidates with what the first stage knew of them when the inner reranker uses that
    /// (<see cref="ICandidateReranker"/>), else scores their texts with <see cref="IReranker.ScoreAsync"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">After <see cref="Dispose"/>.</exception>
    public Task<float[]> ScoreCandidatesAsync(string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentNullException.ThrowIfNull(candidates);
        return Inner is ICandidateReranker candidateReranker
            ? candidateReranker.ScoreCandidatesAsync(query, candidates, cancellationToken)
            : Inner.ScoreAsync(query, candidates.Select(c => c.Text).ToArray(), cancellationToken);
    }

    /// <summary>Disposes the inner reranker, then the models it ran on; a second call does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Inner is IDisposable disposable && !_owned.Contains(disposable))
        {
            disposable.Dispose();
        }

        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}
