namespace LuceneRerank.Remote;

/// <summary>The JSON protocol an <see cref="HttpReranker"/> speaks to its server.</summary>
public enum RerankProtocol
{
    /// <summary>
    /// Cohere-style rerank: <c>POST {endpoint}</c> with <c>{"model", "query", "documents", "top_n", "return_documents"}</c>,
    /// answered by <c>{"results": [{"index", "relevance_score"}]}</c>. Spoken by Cohere, Jina, Voyage-compatible gateways,
    /// vLLM (<c>/v1/rerank</c>), Infinity and TensorRT-LLM. Scores are the server's relevance scores (normalised to
    /// 0..1 by most servers).
    /// </summary>
    Cohere,

    /// <summary>
    /// Hugging Face Text Embeddings Inference: <c>POST {endpoint}</c> (its <c>/rerank</c> route) with
    /// <c>{"query", "texts", "raw_scores": true, "truncate": true}</c>, answered by <c>[{"index", "score"}]</c>.
    /// Scores are the model's raw logits (no sigmoid), as an in-process cross-encoder gives them.
    /// </summary>
    Tei,
}
