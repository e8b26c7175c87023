using LuceneRerank.LateInteraction;
using LuceneRerank.Onnx;

namespace LuceneRerank;

/// <summary>
/// How <see cref="Rerankers.Open"/> opens a ColBERT model with <see cref="RerankerOpenOptions.StoredEmbeddingsField"/>:
/// a <see cref="StoredEmbeddingReranker"/> scoring the token embeddings stored in that field.
/// </summary>
internal static class StoredEmbeddingFamily
{
    /// <summary>Opens the stored-embedding reranker of <paramref name="plan"/>.</summary>
    public static OpenedReranker Open(RerankerOpenPlan plan, RerankerOpenOptions options, OnnxRuntimeOptions runtime)
    {
        if (options.Precision is not (ModelPrecision.Auto or ModelPrecision.Fp32))
        {
            throw new ArgumentException(
                $"ColBERT models are read from their full-precision model.onnx only; precision {options.Precision} is not supported.", nameof(options));
        }

        var reranker = StoredEmbeddingReranker.Open(plan.ModelDirectory, new StoredEmbeddingRerankerOptions
        {
            Field = options.StoredEmbeddingsField!,
            Encoder = new ColBertEncoderOptions { OnnxRuntime = runtime, DocumentLength = options.MaxLength, MaxTokensPerBatch = options.TokenBudget },
        });
        return new OpenedReranker(reranker, plan, reranker);
    }
}
