using LuceneRerank.Reranking;

namespace LuceneRerank.Rescoring;

/// <summary>
/// One stage of a <see cref="CascadeRescorer"/>: a reranker with its own window, fusion, time budget, failure
/// policy, text source and logging (<see cref="NeuralRescorerOptions"/>), applied to the top of the previous stage's
/// result (the first stage: to the first-pass hits).
/// </summary>
public sealed class CascadeStage
{
    /// <summary>Creates a stage.</summary>
    /// <param name="reranker">The model that scores this stage's window.</param>
    /// <param name="options">This stage's window, fusion, policies and text source; <c>null</c> for the defaults.</param>
    /// <exception cref="ArgumentException">The options hold a null text source or fusion, or an unknown policy.</exception>
    public CascadeStage(IReranker reranker, NeuralRescorerOptions? options = null)
    {
        Rescorer = new NeuralRescorer(reranker, options);
    }

    /// <summary>The stage's unbound rescorer (the cascade binds it per query).</summary>
    public NeuralRescorer Rescorer { get; }

    /// <summary>The reranker.</summary>
    public IReranker Reranker => Rescorer.Reranker;

    /// <summary>The options.</summary>
    public NeuralRescorerOptions Options => Rescorer.Options;

    /// <summary>How many hits of the previous stage's result this stage reranks.</summary>
    public int Window => Options.Window;
}
