namespace LuceneRerank.Reranking.Pairwise;

/// <summary>How the pairwise reranker chooses its comparisons.</summary>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed record PairwiseRerankerOptions
{
    /// <summary>Which pairs to compare. Default <see cref="PairwiseStrategy.Auto"/>.</summary>
    public PairwiseStrategy Strategy { get; init; } = PairwiseStrategy.Auto;

    /// <summary>With <see cref="PairwiseStrategy.Auto"/>, the largest list compared all-pairs. Default 20 (380 passes).</summary>
    public int AllPairsMaxCandidates { get; init; } = 20;

    /// <summary>How many top positions the bubble sort settles. Default 10.</summary>
    public int TopK { get; init; } = 10;
}
