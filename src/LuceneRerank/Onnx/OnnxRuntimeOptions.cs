using Microsoft.ML.OnnxRuntime;

namespace LuceneRerank.Onnx;

/// <summary>
/// How a model's <see cref="InferenceSession"/> is created. Defaults suit a CPU server.
/// </summary>
/// <remarks>
/// CUDA is found in one of two ways (see <see cref="OnnxSessionFactory"/>): the application references
/// <c>Microsoft.ML.OnnxRuntime.Gpu</c> (CUDA built into ONNX Runtime), or <see cref="CudaProviderLibraryPath"/> (or the
/// <see cref="CudaProviderLibraryEnvironmentVariable"/> environment variable) names ONNX Runtime's CUDA provider library
/// (<c>libonnxruntime_providers_cuda.so</c>), which is then registered as a plugin execution provider. Without either,
/// asking for CUDA throws <see cref="ExecutionProviderUnavailableException"/>; it never falls back to CPU unless
/// <see cref="AllowCpuFallback"/> says so.
/// </remarks>
public sealed record OnnxRuntimeOptions
{
    /// <summary>Environment variable read when <see cref="CudaProviderLibraryPath"/> is null.</summary>
    public const string CudaProviderLibraryEnvironmentVariable = "LUCENERERANK_CUDA_EP_PATH";

    /// <summary>The execution provider. Default <see cref="Onnx.ExecutionProvider.Cpu"/>.</summary>
    public ExecutionProvider ExecutionProvider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>GPU ordinal for CUDA. Default 0.</summary>
    public int DeviceId { get; init; }

    /// <summary>Threads used inside one operator; 0 lets ONNX Runtime choose (one per physical core). Default 0.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads used across independent operators; 0 lets ONNX Runtime choose. Default 0.</summary>
    public int InterOpThreads { get; init; }

    /// <summary>Graph optimisation level. Default <see cref="GraphOptimizationLevel.ORT_ENABLE_ALL"/>.</summary>
    public GraphOptimizationLevel GraphOptimizationLevel { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>CUDA: the most GPU memory the provider's arena may take, in bytes; null leaves ONNX Runtime's default (no limit).</summary>
    public long? CudaMemoryLimitBytes { get; init; }

    /// <summary>CUDA: cuDNN convolution algorithm search. Default <see cref="CudnnConvolutionAlgorithmSearch.Default"/> (off: right for transformers).</summary>
    public CudnnConvolutionAlgorithmSearch CudnnConvolutionAlgorithmSearch { get; init; } = CudnnConvolutionAlgorithmSearch.Default;

    /// <summary>
    /// CUDA: capture and replay CUDA graphs (<c>enable_cuda_graph</c>). Only for fixed input shapes with inputs and
    /// outputs bound to the same GPU buffers on every run (I/O binding); a reranker that pads each batch to its own
    /// length must leave this off. Default false.
    /// </summary>
    public bool EnableCudaGraphs { get; init; }

    /// <summary>
    /// CUDA: path of ONNX Runtime's CUDA provider library, registered as a plugin execution provider when ONNX Runtime
    /// has no CUDA built in. Null reads <see cref="CudaProviderLibraryEnvironmentVariable"/>. Default null.
    /// </summary>
    public string? CudaProviderLibraryPath { get; init; }

    /// <summary>
    /// When the requested GPU provider cannot be used, open the model on CPU instead of throwing. The session's
    /// <see cref="OnnxModelSession.ActiveProvider"/> then reads <c>CPU (fallback from CUDA: reason)</c>. Default false:
    /// never fall back silently.
    /// </summary>
    public bool AllowCpuFallback { get; init; }

    /// <summary>
    /// Tokens (padded batch size × sequence length) per <c>Run</c> call for rerankers that batch by a token budget;
    /// null picks <see cref="TokenBudgets.Default"/> for the provider actually in use
    /// (<see cref="OnnxModelSession.TokenBudget"/>). Default null.
    /// </summary>
    public int? TokenBudget { get; init; }

    /// <summary>The CUDA provider library path: the option, else the environment variable, else null.</summary>
    public string? ResolveCudaProviderLibraryPath() =>
        !string.IsNullOrEmpty(CudaProviderLibraryPath) ? CudaProviderLibraryPath
        : Environment.GetEnvironmentVariable(CudaProviderLibraryEnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : null;
}
