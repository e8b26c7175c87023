using LuceneRerank.Reranking;

namespace LuceneRerank.SearchConsole.Reranking;

/// <summary>A reranker built by <see cref="RerankerFactory"/> and the models it runs on, disposed together.</summary>
internal sealed class LoadedReranker : IDisposable
{
    private readonly IReadOnlyList<IDisposable> _owned;

    /// <summary>Wraps <paramref name="reranker"/>; <paramref name="owned"/> (the models under it) are disposed after it.</summary>
    public LoadedReranker(string kind, IReranker reranker, params IDisposable[] owned)
    {
        Kind = kind;
        Reranker = reranker;
        _owned = owned;
    }

    /// <summary>The console kind (<see cref="RerankerKinds"/>).</summary>
    public string Kind { get; }

    /// <summary>The reranker.</summary>
    public IReranker Reranker { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        (Reranker as IDisposable)?.Dispose();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}
