namespace LuceneRerank.Reranking.Reasoning;

/// <summary>How the setwise reranker selects its top-K.</summary>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed record SetwiseRerankerOptions : ReasoningRerankerOptions
{
    /// <summary>How many of the best passages are selected and ordered (the rest follow in their original order). Default 10.</summary>
    public int TopK { get; init; } = 10;

    /// <summary>Heap sort (default) or bubble sort.</summary>
    public SetwiseStrategy Strategy { get; init; } = SetwiseStrategy.HeapSort;

    /// <summary>Candidates per prompt, at least 2; null: the template's <see cref="ReasoningPromptTemplate.SetSize"/>.</summary>
    public int? SetSize { get; init; }
}
