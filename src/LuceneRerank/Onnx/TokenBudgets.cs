namespace LuceneRerank.Onnx;

/// <summary>
/// Default tokens per <c>Run</c> call (padded batch size × sequence length) for each execution provider, and the one
/// rule every model runner resolves its batch budget by: the runner's own option (for example
/// <c>CrossEncoderRerankerOptions.MaxTokensPerBatch</c>, <c>T5RerankerSettings.TokenBudget</c>,
/// <c>DecoderRunnerOptions.TokenBudget</c>) when set, else <see cref="OnnxRuntimeOptions.TokenBudget"/>, else
/// <see cref="Default"/> for the provider actually in use (after any CPU fallback; <see cref="OnnxModelSession.TokenBudget"/>).
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
    /// (or set <see cref="OnnxRuntimeOptions.CudaMemoryLimitBytes"/>) for large models; the decoder-only LLMs are also
    /// bounded by their logits-memory budget (<c>DecoderRunnerOptions.MemoryBudgetBytes</c>).
    /// </summary>
    public const int Cuda = 65536;

    /// <summary>The default budget for <paramref name="provider"/>.</summary>
    public static int Default(ExecutionProvider provider) => provider switch
    {
        ExecutionProvider.Cuda => Cuda,
        _ => Cpu,
    };

    /// <summary>
    /// The budget a runner uses: <paramref name="runnerOption"/>, else <paramref name="runtimeOption"/>, else the default
    /// of <paramref name="activeProvider"/> (the provider the session actually runs on).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An explicit budget is below 1.</exception>
    internal static int Resolve(int? runnerOption, int? runtimeOption, ExecutionProvider activeProvider)
    {
        if (runnerOption is < 1 || runtimeOption is < 1)
        {
            throw new ArgumentOutOfRangeException(
                runnerOption is < 1 ? nameof(runnerOption) : nameof(runtimeOption),
                runnerOption is < 1 ? runnerOption : runtimeOption,
                "A token budget must be at least 1 padded token per call.");
        }

        return runnerOption ?? runtimeOption ?? Default(activeProvider);
    }

    /// <summary>The budget a runner over <paramref name="session"/> uses: <paramref name="runnerOption"/>, else the session's.</summary>
    internal static int Resolve(int? runnerOption, OnnxModelSession session) =>
        Resolve(runnerOption, session.TokenBudget, session.ActiveExecutionProvider);
}
