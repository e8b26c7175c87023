using Microsoft.ML.OnnxRuntime;

namespace LuceneRerank.Onnx;

/// <summary>An open model: its thread-safe <see cref="InferenceSession"/> and the provider it runs on.</summary>
internal sealed class OnnxModelSession : IDisposable
{
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private int _disposed;

    internal OnnxModelSession(
        InferenceSession session,
        SessionOptions options,
        string activeProvider,
        ExecutionProvider activeExecutionProvider,
        string? fallbackReason,
        int tokenBudget)
    {
        _session = session;
        _options = options;
        ActiveProvider = activeProvider;
        ActiveExecutionProvider = activeExecutionProvider;
        FallbackReason = fallbackReason;
        TokenBudget = tokenBudget;
    }

    /// <summary>
    /// The ONNX Runtime session; <see cref="ObjectDisposedException"/> once this wrapper is disposed, so that a model
    /// used after its owner (a reranker, an <c>OpenedReranker</c>) was disposed fails with a clear error instead of
    /// reaching freed native memory.
    /// </summary>
    public InferenceSession Session => Volatile.Read(ref _disposed) == 0
        ? _session
        : throw new ObjectDisposedException(nameof(OnnxModelSession),
            "This model's ONNX Runtime session was disposed: the reranker or model that owns it was disposed before this call.");

    /// <summary>
    /// The execution provider in use, in words for model descriptions and Explain: for example <c>CPU</c>,
    /// <c>CUDA:0</c>, <c>CUDA:0 (plugin library /path/libonnxruntime_providers_cuda.so)</c>, or
    /// <c>CPU (fallback from CUDA: reason)</c> when <see cref="OnnxRuntimeOptions.AllowCpuFallback"/> was used.
    /// </summary>
    public string ActiveProvider { get; }

    /// <summary>The provider in use as an enum (<see cref="ExecutionProvider.Cpu"/> after a fallback).</summary>
    public ExecutionProvider ActiveExecutionProvider { get; }

    /// <summary>Why the requested provider was not used, when a CPU fallback happened; otherwise null.</summary>
    public string? FallbackReason { get; }

    /// <summary>
    /// Tokens per <c>Run</c> call to batch up to: <see cref="OnnxRuntimeOptions.TokenBudget"/> when set, else
    /// <see cref="TokenBudgets.Default"/> of <see cref="ActiveExecutionProvider"/>.
    /// </summary>
    public int TokenBudget { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _session.Dispose();
        _options.Dispose();
    }
}
