using LuceneRerank.Onnx;

namespace LuceneRerank.Reranking.Llm;

/// <summary>How a <see cref="DecoderOnlyModel"/> is opened and batched. Defaults suit a CPU server.</summary>
public sealed record DecoderRunnerOptions
{
    /// <summary>The ONNX Runtime session options (execution provider, threads). Default: CPU.</summary>
    public OnnxRuntimeOptions Runtime { get; init; } = new();

    /// <summary>
    /// The graph file inside the model folder. Default <c>null</c>: <c>model.onnx</c>, else <c>onnx/model.onnx</c>
    /// (the onnx-community layout). Set it to pick a variant such as <c>onnx/model_quantized.onnx</c>.
    /// </summary>
    public string? ModelFile { get; init; }

    /// <summary>
    /// When <see cref="ModelFile"/> is not set: load the half-precision export (<c>model_fp16.onnx</c>, else
    /// <c>onnx/model_fp16.onnx</c>) before the fp32 file when it exists: half the memory and faster on GPUs with
    /// tensor cores. Its float16 logits are widened to float. Default false.
    /// </summary>
    public bool PreferFp16 { get; init; }

    /// <summary>
    /// Memory one ONNX Runtime call may use, in bytes (estimated; see <see cref="DecoderOnlyModel.EstimateBatchBytes"/>).
    /// The logits alone take batch × sequence × vocabulary × 4 bytes (0.6 MB per token for a 151,936-word vocabulary),
    /// so batches are sized by this budget, never by a fixed count. A single sequence over the budget still runs,
    /// alone. Default 1 GiB.
    /// </summary>
    public long MemoryBudgetBytes { get; init; } = 1L << 30;

    /// <summary>The most sequences in one call, whatever the budget allows. Default 32.</summary>
    public int MaxBatchSize { get; init; } = 32;

    /// <summary>
    /// Where padding goes in a batch. Default <see cref="PaddingSide.Right"/>; scores do not depend on it. A graph
    /// without a <c>position_ids</c> input numbers positions from the row's start, so it is always right-padded.
    /// </summary>
    public PaddingSide PaddingSide { get; init; } = PaddingSide.Right;

    /// <summary>
    /// The longest sequence (prompt and continuation) the runner accepts. Default <c>null</c>: the config's
    /// <c>max_position_embeddings</c>. Lower it to bound cost (Qwen3-Reranker's reference code uses 8192).
    /// </summary>
    public int? MaxLength { get; init; }
}
