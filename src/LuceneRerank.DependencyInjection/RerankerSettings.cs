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

    /// <summary>
    /// How a cross-encoder reads passages longer than its window: <c>first</c> (<c>null</c>, the default: cut to the
    /// window), <c>max</c> or <c>mean-top-K</c> (see <see cref="Reranking.PassageChunking.Parse"/>).
    /// </summary>
    public string? Chunking { get; set; }

    /// <summary>Passage tokens per chunk; <c>null</c> for all the room beside the query.</summary>
    public int? ChunkSize { get; set; }

    /// <summary>Tokens from one chunk's start to the next's; <c>null</c> for half the chunk size.</summary>
    public int? ChunkStride { get; set; }

    /// <summary>The most chunks scored per passage; <c>null</c> for <see cref="Reranking.PassageChunking.DefaultMaxChunksPerPassage"/>.</summary>
    public int? MaxChunksPerPassage { get; set; }

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
    /// <exception cref="InvalidOperationException"><see cref="Model"/> is missing, or the chunking settings are not valid (the
    /// message names the reranker and the settings).</exception>
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
        Chunking = ChunkingOf(name),
        LoggerFactory = loggerFactory,
    };

    private Reranking.PassageChunking ChunkingOf(string name)
    {
        try
        {
            var chunking = Chunking is null ? Reranking.PassageChunking.None : Reranking.PassageChunking.Parse(Chunking);
            return chunking with
            {
                ChunkSize = ChunkSize,
                ChunkStride = ChunkStride,
                MaxChunksPerPassage = MaxChunksPerPassage ?? Reranking.PassageChunking.DefaultMaxChunksPerPassage,
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"LuceneRerank reranker '{name}' has invalid chunking settings (LuceneRerank:Rerankers:{name}:Chunking, ChunkSize, " +
                $"ChunkStride, MaxChunksPerPassage): {e.Message}", e);
        }
    }

    /// <summary><see cref="Model"/>, or an exception naming the reranker whose settings lack it.</summary>
    public string RequireModel(string name) => string.IsNullOrWhiteSpace(Model)
        ? throw new InvalidOperationException(
            $"LuceneRerank reranker '{name}' has no Model: set LuceneRerank:Rerankers:{name}:Model to a manifest name, a manifest path or a model folder.")
        : Model;
}
