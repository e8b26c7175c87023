namespace LuceneRerank.Toolkit.Evaluation;

/// <summary>Options of <see cref="TrecEvaluator"/>.</summary>
public sealed record EvaluationOptions
{
    /// <summary>
    /// Minimum grade that counts as relevant for the binary metrics (MRR, recall, precision, MAP); default 1, as
    /// trec_eval's <c>-l</c>. nDCG always uses the grades themselves.
    /// </summary>
    public int RelevanceThreshold { get; init; } = 1;

    /// <summary>
    /// trec_eval's <c>-c</c> (default true): average over every query in the qrels, a query the run does not answer
    /// counting as zero. When false, only queries both judged and answered are averaged.
    /// </summary>
    public bool CompleteQueries { get; init; } = true;
}
