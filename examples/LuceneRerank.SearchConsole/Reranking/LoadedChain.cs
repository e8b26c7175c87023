using LuceneRerank.Onnx;
using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;
using LuceneRerank.SearchConsole.Commands;

namespace LuceneRerank.SearchConsole.Reranking;

/// <summary>The rerankers of every stage, opened by <see cref="Rerankers.Open"/> (or HTTP rerankers for remote stages), and the library's <see cref="CascadeRescorer"/> over them.</summary>
internal sealed class LoadedChain : IDisposable
{
    private readonly List<IReranker> _rerankers;

    private LoadedChain(List<IReranker> rerankers, CascadeRescorer chain)
    {
        _rerankers = rerankers;
        Chain = chain;
    }

    /// <summary>The cascade of stages.</summary>
    public CascadeRescorer Chain { get; }

    /// <summary>The rerankers, first stage first.</summary>
    public IReadOnlyList<IReranker> Opened => _rerankers;

    /// <summary>
    /// Opens every stage's reranker on <paramref name="runtime"/>'s provider; null when <paramref name="specs"/> is empty.
    /// A stage whose window is larger than the previous one's is refused (<see cref="FormatException"/>) before any model is opened.
    /// </summary>
    public static LoadedChain? Load(IReadOnlyList<RerankerSpec> specs, OnnxRuntimeOptions runtime)
    {
        if (specs.Count == 0)
        {
            return null;
        }

        for (var i = 1; i < specs.Count; i++)
        {
            if (specs[i].Window > specs[i - 1].Window)
            {
                throw new FormatException(
                    $"stage {i + 1}'s window ({specs[i].Window}) is larger than stage {i}'s ({specs[i - 1].Window}): " +
                    "a later stage reranks the top of the earlier stage's result");
            }
        }

        var rerankers = new List<IReranker>();
        try
        {
            foreach (var spec in specs)
            {
                rerankers.Add(spec.OpenStage(runtime));
            }

            var stages = specs.Select((spec, i) =>
                new CascadeStage(rerankers[i], PipelineFactory.RescorerOptions(spec.Window, spec.Fusion)));
            return new LoadedChain(rerankers, new CascadeRescorer(stages));
        }
        catch
        {
            foreach (var reranker in rerankers)
            {
                (reranker as IDisposable)?.Dispose();
            }

            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var reranker in _rerankers)
        {
            (reranker as IDisposable)?.Dispose();
        }
    }
}
