using LuceneRerank.Onnx;
using Microsoft.Extensions.Logging;

namespace LuceneRerank;

/// <summary>
/// How <see cref="Rerankers.Open"/> opens a model. Every property has a default that suits a CPU server, so
/// <c>Rerankers.Open("ms-marco-MiniLM-L-6-v2")</c> needs none. Values are checked when set
/// (<see cref="ArgumentOutOfRangeException"/> / <see cref="ArgumentException"/> naming the property).
/// </summary>
public sealed class RerankerOpenOptions
{
    private readonly OnnxRuntimeOptions _onnxRuntime = new();
    private readonly RerankMethod _method;
    private readonly ModelPrecision _precision;
    private readonly int? _maxLength;
    private readonly int? _tokenBudget;
    private readonly string? _modelDirectory;
    private readonly string? _manifest;
    private readonly Reranking.PassageChunking _chunking = Reranking.PassageChunking.None;

    /// <summary>ONNX Runtime session options: execution provider, device, threads. Default: CPU, ONNX Runtime's thread counts.</summary>
    public OnnxRuntimeOptions OnnxRuntime
    {
        get => _onnxRuntime;
        init => _onnxRuntime = value ?? throw new ArgumentNullException(nameof(OnnxRuntime));
    }

    /// <summary>
    /// The reranking method. Default <see cref="RerankMethod.Auto"/>: the manifest's kind, else the model folder's
    /// <c>lrr-model.json</c> kind, else what the folder's files and <c>config.json</c> show (an ambiguous folder is an error).
    /// </summary>
    public RerankMethod Method
    {
        get => _method;
        init => _method = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Method), value, "not a RerankMethod");
    }

    /// <summary>
    /// Which ONNX export to load. Default <see cref="ModelPrecision.Auto"/>: each family's usual file. Any other value
    /// needs that file in the model folder or its <c>onnx/</c> folder, else <see cref="FileNotFoundException"/>.
    /// </summary>
    public ModelPrecision Precision
    {
        get => _precision;
        init => _precision = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Precision), value, "not a ModelPrecision");
    }

    /// <summary>
    /// The most tokens of one model input (prompt and passage together). Default null: the model's own limit (the
    /// manifest's <c>maxLength</c>, the tokenizer's <c>model_max_length</c> or <c>config.json</c>'s positions). Must be
    /// positive; a value above the model's limit is refused when the model is opened.
    /// </summary>
    public int? MaxLength
    {
        get => _maxLength;
        init => _maxLength = value is null or > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxLength), value, "MaxLength must be a positive number of tokens");
    }

    /// <summary>
    /// Padded tokens (inputs × longest input) per ONNX Runtime call. Default null: the family's default for the
    /// provider in use (<see cref="TokenBudgets"/>). Must be positive. Set on the ONNX Runtime options
    /// (<see cref="OnnxRuntimeOptions.TokenBudget"/>) of the model, and on a T5 manifest's token budget.
    /// </summary>
    public int? TokenBudget
    {
        get => _tokenBudget;
        init => _tokenBudget = value is null or > 0 ? value : throw new ArgumentOutOfRangeException(nameof(TokenBudget), value, "TokenBudget must be a positive number of tokens");
    }

    /// <summary>
    /// Where the model's files are when <see cref="Rerankers.Open"/> is given a manifest name or path. Default null:
    /// a manifest file's own folder when it holds model files, else <see cref="ModelCache.FolderOf"/>. Ignored (and
    /// refused if different) when the argument is itself a model folder.
    /// </summary>
    public string? ModelDirectory
    {
        get => _modelDirectory;
        init => _modelDirectory = value is null || value.Trim().Length > 0 ? value : throw new ArgumentException("ModelDirectory must not be empty", nameof(ModelDirectory));
    }

    /// <summary>
    /// A manifest name or <c>.json</c> path to read a model folder with (its prompt, labels, maximum length). Default
    /// null: the folder's <c>lrr-model.json</c> when its kind fits the method, else the method's default manifest
    /// (<see cref="RerankMethods.DefaultManifest"/>). Not allowed when the argument is itself a manifest.
    /// </summary>
    public string? Manifest
    {
        get => _manifest;
        init => _manifest = value is null || value.Trim().Length > 0 ? value : throw new ArgumentException("Manifest must not be empty", nameof(Manifest));
    }

    /// <summary>
    /// How a cross-encoder reads passages longer than its window: <see cref="Reranking.PassageChunking.None"/> (the
    /// default) cuts them; <see cref="Reranking.ChunkAggregation.Max"/> or <see cref="Reranking.ChunkAggregation.MeanOfTopK"/>
    /// score overlapping token chunks and combine them (see <see cref="Reranking.PassageChunking"/>). Cross-encoders
    /// only: opening another kind of model with chunking set is an <see cref="ArgumentException"/>.
    /// </summary>
    public Reranking.PassageChunking Chunking
    {
        get => _chunking;
        init => _chunking = value ?? throw new ArgumentNullException(nameof(Chunking));
    }

    /// <summary>
    /// Where to log the open (at Information: path, method, manifest, provider, precision). Default null: no logging.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// For a ColBERT model (<see cref="RerankMethod.ColBert"/>): the binary doc-values field whose stored token
    /// embeddings to score (a <see cref="LateInteraction.StoredEmbeddingReranker"/>; documents without them are encoded
    /// at query time). Default null: encode every document at query time (<c>ColBertReranker</c>).
    /// </summary>
    public string? StoredEmbeddingsField { get; init; }

    /// <summary>A copy of these options with <paramref name="loggerFactory"/> as <see cref="LoggerFactory"/>.</summary>
    internal RerankerOpenOptions WithLoggerFactory(ILoggerFactory? loggerFactory) => new()
    {
        OnnxRuntime = OnnxRuntime,
        Method = Method,
        Precision = Precision,
        MaxLength = MaxLength,
        TokenBudget = TokenBudget,
        ModelDirectory = ModelDirectory,
        Manifest = Manifest,
        Chunking = Chunking,
        LoggerFactory = loggerFactory,
        StoredEmbeddingsField = StoredEmbeddingsField,
    };
}
