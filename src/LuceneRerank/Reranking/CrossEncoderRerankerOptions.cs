using LuceneRerank.Onnx;

namespace LuceneRerank.Reranking;

/// <summary>Options of <see cref="CrossEncoderReranker"/>. The defaults suit a small CPU server.</summary>
public sealed record CrossEncoderRerankerOptions
{
    /// <summary>
    /// Maximum tokens of one (query, passage) input, special tokens included. Null (the default) takes
    /// <c>model_max_length</c> from the tokenizer files, capped by <c>max_position_embeddings</c> from
    /// <c>config.json</c>, or 512 when neither says.
    /// </summary>
    public int? MaxLength { get; init; }

    /// <summary>
    /// Padded tokens (pairs × longest pair in the batch) per ONNX Runtime call. Null (the default) takes the session's
    /// <see cref="OnnxModelSession.TokenBudget"/>: <see cref="OnnxRuntimeOptions.TokenBudget"/> when set, else
    /// <see cref="TokenBudgets.Default"/> for the provider in use (4096 on CPU: on 2 cores a MiniLM-L6 cross-encoder
    /// runs fastest at about 2–4k tokens per call; 65536 on CUDA).
    /// </summary>
    public int? MaxTokensPerBatch { get; init; }

    /// <summary>Most pairs in one ONNX Runtime call, whatever their length; null (the default) for no limit but the token budget.</summary>
    public int? MaxBatchSize { get; init; }

    /// <summary>
    /// Passage tokens a long query may not take away: a query is cut only when it alone would leave the passage
    /// fewer tokens than this. Default 32.
    /// </summary>
    public int MinPassageTokens { get; init; } = 32;

    /// <summary>Load <c>onnx/model_quantized.onnx</c> before <c>onnx/model.onnx</c> when both exist. Default false.</summary>
    public bool PreferQuantized { get; init; }

    /// <summary>
    /// Load the half-precision export (<c>onnx/model_fp16.onnx</c>, else <c>model_fp16.onnx</c>) before
    /// <c>onnx/model.onnx</c> when it exists: half the memory and faster on GPUs with tensor cores. Its float16 logits
    /// are widened to float; scores differ from the fp32 model's by the rounding of half precision (about 1e-3
    /// relative). Meant for GPUs: ONNX Runtime's CPU provider has few float16 kernels, and on CPU the fp16 file ran
    /// about 2.7× slower than the fp32 one in bench/LuceneRerank.Benchmarks. Not together with
    /// <see cref="PreferQuantized"/>. Default false.
    /// </summary>
    public bool PreferFp16 { get; init; }

    /// <summary>For models with one output logit: return sigmoid(logit) in (0, 1) instead of the raw logit. Default false.</summary>
    public bool ApplySigmoid { get; init; }

    /// <summary>For models with two output labels: what the score is. Default <see cref="TwoLabelScore.PositiveProbability"/>.</summary>
    public TwoLabelScore TwoLabelScore { get; init; } = TwoLabelScore.PositiveProbability;

    /// <summary>The label index that means "relevant" in two-label models: 0 or 1. Default 1.</summary>
    public int PositiveLabel { get; init; } = 1;

    /// <summary>
    /// How passages longer than the model's window are read: cut (the default, <see cref="PassageChunking.None"/>:
    /// the opening tokens that fit beside the query), or cut into overlapping token chunks scored separately and
    /// combined by max or the mean of the best k (see <see cref="PassageChunking"/>). A chunk size beyond the model's
    /// window, or a stride above the size, is refused by <see cref="CrossEncoderReranker.Create"/>.
    /// </summary>
    public PassageChunking Chunking { get; init; } = PassageChunking.None;

    /// <summary>The name shown in the description; default the model directory's name.</summary>
    public string? Name { get; init; }

    /// <summary>How the ONNX Runtime session is created (execution provider, threads, graph optimisation).</summary>
    public OnnxRuntimeOptions OnnxRuntime { get; init; } = new();

    /// <summary>
    /// Options for the model of a <c>cross-encoder</c> manifest, on top of <paramref name="options"/> (default: the
    /// defaults): the manifest's <c>maxLength</c> becomes <see cref="MaxLength"/> and its <c>name</c>
    /// <see cref="Name"/>, so the reranker reads pairs of at most that many tokens.
    /// </summary>
    /// <exception cref="InvalidDataException">The manifest is of another kind; the message names it.</exception>
    public static CrossEncoderRerankerOptions FromManifest(LuceneRerank.Models.ModelManifest manifest, CrossEncoderRerankerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Kind != LuceneRerank.Models.ModelKinds.CrossEncoder)
        {
            throw new InvalidDataException($"model manifest '{manifest.Name}' is of kind {manifest.Kind}, not cross-encoder.");
        }

        return (options ?? new CrossEncoderRerankerOptions()) with { MaxLength = manifest.MaxLength, Name = manifest.Name };
    }
}
