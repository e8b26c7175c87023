namespace LuceneRerank.Onnx;

/// <summary>
/// Default tokens per <c>Run</c> call (padded batch size × sequence length) for each execution provider. Rerankers batch
/// length-sorted inputs up to this budget; <see cref="OnnxModelSession.TokenBudget"/> gives the value for the provider
/// actually in use (after any CPU fallback), and <see cref="OnnxRuntimeOptions.TokenBudget"/> overrides it.
/// </summary>
public static class TokenBudgets
{
    /// <summary>
    /// CPU: 4,096 tokens (16 pairs at 256 tokens). Measured on the 2-core machines here, a MiniLM-L6 cross-encoder ran
    /// fastest at about 8–16 pairs × 256 tokens per call; larger batches were slower (attention buffers fall out of cache).
    /// </summary>
    public const int Cpu = 4096;

    /// <summary>
    /// CUDA: 65,536 tokens (256 pairs at 256 tokens, so a top-100 or top-200 rerank is one call). A GPU needs large
    /// batches to be busy; the attention buffers of a MiniLM-sized model at this budget take a few hundred MB. Lower it
    /// (or set <see cref="OnnxRuntimeOptions.CudaMemoryLimitBytes"/>) for large models such as 0.6B-parameter LLMs.
    /// </summary>
    public const int Cuda = 65536;

    /// <summary>The default budget for <paramref name="provider"/>.</summary>
    public static int Default(ExecutionProvider provider) => provider switch
    {
        ExecutionProvider.Cuda => Cuda,
        _ => Cpu,
    };
}
