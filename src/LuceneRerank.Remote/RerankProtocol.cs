namespace LuceneRerank.Remote;

/// <summary>The protocol an <see cref="HttpReranker"/> speaks to its server.</summary>
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

    /// <summary>
    /// KServe v2 / Open Inference Protocol (NVIDIA Triton, KServe, MLServer) serving a raw ONNX cross-encoder:
    /// <c>POST {endpoint}/v2/models/{model}/infer</c> with INT64 <c>input_ids</c>, <c>attention_mask</c> and (when the
    /// model takes it) <c>token_type_ids</c> tensors, tokenised here with the model's own tokenizer and the same
    /// truncation as the in-process <c>CrossEncoderReranker</c> (see <see cref="KServeOptions"/>), in the JSON encoding
    /// or Triton's binary tensor extension; the FP32 logits come back and become scores as in process. The endpoint is
    /// the server's root URL and <see cref="HttpRerankerOptions.Model"/> the model's name on the server.
    /// </summary>
    KServe,
}
