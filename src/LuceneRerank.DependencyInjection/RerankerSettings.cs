using LuceneRerank.Onnx;

namespace LuceneRerank.DependencyInjection;

/// <summary>
/// One reranker as written in configuration (<c>LuceneRerank:Rerankers:NAME</c>): the argument of
/// <see cref="Rerankers.Open(string, RerankerOpenOptions?)"/> and the options it takes, as plain settable properties
/// that <c>Microsoft.Extensions.Configuration</c> binds.
/// </summary>
public sealed class RerankerSettings
{
    /// <summary>A manifest name (<c>ms-marco-MiniLM-L-6-v2</c>), a manifest path, or a model folder. Required.</summary>
    public string? Model { get; set; }

    /// <summary>Where the weights are when <see cref="Model"/> is a manifest; <c>null</c> for the model cache.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>A manifest name or path to use with a model folder; <c>null</c> to read it from the folder.</summary>
    public string? Manifest { get; set; }

    /// <summary>The ranking method; <see cref="RerankMethod.Auto"/> (default) decides from the manifest or folder.</summary>
    public RerankMethod Method { get; set; } = RerankMethod.Auto;

    /// <summary>Which weights file to prefer; <see cref="ModelPrecision.Auto"/> by default.</summary>
    public ModelPrecision Precision { get; set; } = ModelPrecision.Auto;

    /// <summary>Caps the model input in tokens; <c>null</c> for the model's own maximum.</summary>
    public int? MaxLength { get; set; }

    /// <summary>Tokens per ONNX Runtime call; <c>null</c> for the provider's default.</summary>
    public int? TokenBudget { get; set; }

    /// <summary>The execution provider; <see cref="ExecutionProvider.Cpu"/> by default.</summary>
    public ExecutionProvider Provider { get; set; } = ExecutionProvider.Cpu;

    /// <summary>The GPU ordinal when <see cref="Provider"/> is CUDA.</summary>
    public int DeviceId { get; set; }

    /// <summary>ONNX Runtime intra-op threads; 0 (default) lets ONNX Runtime choose.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>ONNX Runtime's CUDA provider library, registered as a plugin provider; <c>null</c> for none.</summary>
    public string? CudaProviderLibraryPath { get; set; }

    /// <summary>Whether CUDA may fall back to CPU (said in the reranker's description); <c>false</c> by default.</summary>
    public bool AllowCpuFallback { get; set; }

    /// <summary>The options <see cref="Rerankers.Open(string, RerankerOpenOptions?)"/> takes for these settings.</summary>
    /// <param name="name">The reranker's registration name, for error messages.</param>
    /// <param name="loggerFactory">The application's logger factory, or <c>null</c>.</param>
    /// <exception cref="InvalidOperationException"><see cref="Model"/> is missing.</exception>
    public RerankerOpenOptions ToOpenOptions(string name, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory) => new()
    {
        OnnxRuntime = new OnnxRuntimeOptions
        {
            ExecutionProvider = Provider,
            DeviceId = DeviceId,
            IntraOpThreads = IntraOpThreads,
            CudaProviderLibraryPath = CudaProviderLibraryPath,
            AllowCpuFallback = AllowCpuFallback,
        },
        Method = Method,
        Precision = Precision,
        MaxLength = MaxLength,
        TokenBudget = TokenBudget,
        ModelDirectory = ModelDirectory,
        Manifest = Manifest,
        LoggerFactory = loggerFactory,
    };

    /// <summary><see cref="Model"/>, or an exception naming the reranker whose settings lack it.</summary>
    public string RequireModel(string name) => string.IsNullOrWhiteSpace(Model)
        ? throw new InvalidOperationException(
            $"LuceneRerank reranker '{name}' has no Model: set LuceneRerank:Rerankers:{name}:Model to a manifest name, a manifest path or a model folder.")
        : Model;
}
