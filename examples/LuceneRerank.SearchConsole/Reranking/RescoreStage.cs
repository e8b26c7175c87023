using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;

namespace LuceneRerank.SearchConsole.Reranking;

/// <summary>One stage of a <see cref="RescoreChain"/>: a <see cref="NeuralRescorer"/> over the top of the previous stage.</summary>
internal sealed class RescoreStage
{
    /// <summary>Creates the stage: <paramref name="reranker"/> reranks the top <paramref name="options"/>.Window hits it receives.</summary>
    public RescoreStage(IReranker reranker, NeuralRescorerOptions options)
    {
        Rescorer = new NeuralRescorer(reranker, options);
    }

    /// <summary>The unbound rescorer (bound per query by the chain).</summary>
    public NeuralRescorer Rescorer { get; }

    /// <summary>The reranker.</summary>
    public IReranker Reranker => Rescorer.Reranker;

    /// <summary>How many hits of the previous stage this one reranks.</summary>
    public int Window => Rescorer.Options.Window;

    /// <summary>The reranker's counters, when it keeps them.</summary>
    public IRerankStatisticsSource? Statistics => Reranker as IRerankStatisticsSource;
}
