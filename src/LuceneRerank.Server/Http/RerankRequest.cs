namespace LuceneRerank.Server.Http;

/// <summary>Which of the two JSON shapes a rerank request has.</summary>
internal enum RerankStyle
{
    /// <summary><c>{"model", "query", "documents", "top_n", "return_documents"}</c> → <c>{"results": [{"index", "relevance_score"}]}</c>.</summary>
    Cohere,

    /// <summary><c>{"query", "texts", "raw_scores", "truncate", "return_text"}</c> → <c>[{"index", "score"}]</c>.</summary>
    Tei,
}

/// <summary>A rerank request read and checked by <see cref="RerankRequestReader"/>.</summary>
internal sealed record RerankRequest(RerankStyle Style, string Query, string[] Texts)
{
    /// <summary>Cohere <c>top_n</c>: how many results to answer; null: all.</summary>
    public int? TopN { get; init; }

    /// <summary>Cohere <c>return_documents</c> / TEI <c>return_text</c>: echo each text in its result.</summary>
    public bool ReturnTexts { get; init; }

    /// <summary>TEI <c>raw_scores</c>: answer the reranker's score as is (true) or through a sigmoid (false, TEI's default).</summary>
    public bool RawScores { get; init; }
}
