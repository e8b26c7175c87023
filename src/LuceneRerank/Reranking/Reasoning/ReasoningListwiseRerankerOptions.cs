namespace LuceneRerank.Reranking.Reasoning;

/// <summary>How the reasoning listwise reranker slides its window (ReasonRank: 20 passages, stride 10).</summary>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed record ReasoningListwiseRerankerOptions : ReasoningRerankerOptions
{
    /// <summary>Passages per prompt. Default 20.</summary>
    public int Window { get; init; } = 20;

    /// <summary>How far the window moves up after each generation (from the back of the list to the front). Default 10.</summary>
    public int Stride { get; init; } = 10;
}
