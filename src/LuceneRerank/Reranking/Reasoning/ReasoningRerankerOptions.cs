namespace LuceneRerank.Reranking.Reasoning;

/// <summary>Settings every reasoning reranker shares; the manifest's values apply where these are null.</summary>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public record ReasoningRerankerOptions
{
    /// <summary>Most tokens the model may write per prompt; null: the template's <see cref="ReasoningPromptTemplate.MaxNewTokens"/>.</summary>
    public int? MaxNewTokens { get; init; }

    /// <summary>Most tokens of prompt plus generation; null: the template's <see cref="ReasoningPromptTemplate.MaxLength"/>.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Characters of reasoning (and of the answer) kept per generation for <c>Explain</c>; longer text is cut with <c>…</c>. Default 600.</summary>
    public int MaxReasoningChars { get; init; } = 600;
}
