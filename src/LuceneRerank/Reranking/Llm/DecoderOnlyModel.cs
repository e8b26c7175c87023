using System.Buffers;
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using LuceneRerank.Onnx;
using LuceneRerank.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LuceneRerank.Reranking.Llm;

/// <summary>
/// A decoder-only language model exported to ONNX the way optimum and onnx-community export them (a folder with
/// <c>model.onnx</c> or <c>onnx/model.onnx</c>, its external <c>model.onnx_data</c> when large, <c>config.json</c>
/// and <c>tokenizer.json</c>), run for single teacher-forced passes: the LLM rerankers' common engine.
/// </summary>
/// <remarks>
/// <para>Inputs fed: <c>input_ids</c> and <c>attention_mask</c> (int64), <c>position_ids</c> when the graph has it
/// (cumulative sum of the mask − 1, so left and right padding give the same positions; a graph without it numbers
/// positions itself and is always right-padded, whatever <see cref="DecoderRunnerOptions.PaddingSide"/> says), and every
/// <c>past_key_values.N.key/value</c> as a zero-length tensor [batch, kv heads, 0, head dim] of the graph's element
/// type (a single pass has no cache). Output read: <c>logits</c> [batch, sequence, vocabulary] (float32 or float16);
/// <c>present.*</c> outputs are not fetched.</para>
/// <para>Only the positions a method needs are read (the last real token of each row, or a continuation span),
/// whatever the padding side. Sequences are sorted by length and batched by the library's one planner: a padded-token
/// budget (<see cref="DecoderRunnerOptions.TokenBudget"/>, else the provider's default) and, through the same planner,
/// <see cref="DecoderRunnerOptions.MemoryBudgetBytes"/> using <see cref="EstimateBatchBytes"/>; the logits dominate
/// (batch × sequence × vocabulary × 4 bytes).</para>
/// <para>Each batch's inputs are written once into pooled buffers (<see cref="ArrayPool{T}"/>) that ONNX Runtime reads
/// in place (pinned for the call, no copy on the managed side); nothing is allocated per sequence but its result.</para>
/// <para>Thread-safe, without a lock: ONNX Runtime's <c>Run</c> may be called concurrently on one session, so several
/// queries in flight share it.</para>
/// </remarks>
public sealed class DecoderOnlyModel : IRerankStatisticsSource, IDisposable
{
    private const string LogitsName = "logits";

    private readonly OnnxModelSession _session;
    private readonly DecoderRunnerOptions _options;
    private readonly bool _hasPositionIds;
    private readonly (string Name, TensorElementType Type, long[] Shape)[] _pastInputs;
    private readonly TensorElementType _logitsType;

    private DecoderOnlyModel(string modelPath, OnnxModelSession session, DecoderModelConfig config, ByteLevelBpeTokenizer tokenizer, DecoderRunnerOptions options)
    {
        _session = session;
        _options = options;
        ModelPath = modelPath;
        Config = config;
        Tokenizer = tokenizer;
        var inputs = session.Session.InputMetadata;
        var outputs = session.Session.OutputMetadata;
        foreach (var required in new[] { "input_ids", "attention_mask" })
        {
            if (!inputs.ContainsKey(required))
            {
                throw new InvalidDataException(
                    $"{modelPath} has no '{required}' input; its inputs are: {string.Join(", ", inputs.Keys)}. " +
                    "Expected a decoder-only export (optimum / onnx-community layout).");
            }
        }

        if (!outputs.TryGetValue(LogitsName, out var logits))
        {
            throw new InvalidDataException(
                $"{modelPath} has no 'logits' output; its outputs are: {string.Join(", ", outputs.Keys)}. " +
                "Expected a decoder-only language-model export that returns next-token logits [batch, sequence, vocabulary].");
        }

        _logitsType = logits.ElementDataType;
        if (_logitsType is not (TensorElementType.Float or TensorElementType.Float16))
        {
            throw new InvalidDataException($"{modelPath}: 'logits' has element type {_logitsType}; only float32 and float16 are supported.");
        }

        _hasPositionIds = inputs.ContainsKey("position_ids");
        var known = new HashSet<string>(StringComparer.Ordinal) { "input_ids", "attention_mask", "position_ids" };
        var past = new List<(string, TensorElementType, long[])>();
        foreach (var (name, meta) in inputs)
        {
            if (known.Contains(name))
            {
                continue;
            }

            if (!name.StartsWith("past_key_values.", StringComparison.Ordinal) || meta.Dimensions.Length != 4)
            {
                throw new InvalidDataException(
                    $"{modelPath} has an input '{name}' this runner cannot feed (it feeds input_ids, attention_mask, " +
                    "position_ids and past_key_values.N.key/value).");
            }

            // [batch, kv heads, past length = 0, head dim]; symbolic dimensions come from config.json.
            var heads = meta.Dimensions[1] > 0 ? meta.Dimensions[1] : config.KeyValueHeads;
            var headDim = meta.Dimensions[3] > 0 ? meta.Dimensions[3] : config.HeadDimension;
            past.Add((name, meta.ElementDataType, [1, heads, 0, headDim]));
        }

        _pastInputs = [.. past];
        BatchLimits = new BatchLimits(TokenBudgets.Resolve(options.TokenBudget, session))
        {
            MaxBatchSize = Math.Max(1, options.MaxBatchSize),
            EstimateCost = EstimateBatchBytes,
            CostBudget = options.MemoryBudgetBytes,
        };
        MaxLength = Math.Min(options.MaxLength ?? config.MaxPositions, config.MaxPositions);
    }

    /// <summary>The graph file in use.</summary>
    public string ModelPath { get; }

    /// <summary>
    /// The graph's <c>past_key_values.N.key/value</c> inputs in graph order: element type and shape
    /// [1, kv heads, 0, head dim] (symbolic dimensions resolved from <c>config.json</c>).
    /// </summary>
    internal IReadOnlyList<(string Name, TensorElementType Type, long[] Shape)> PastInputs => _pastInputs;

    /// <summary>Whether the graph takes <c>position_ids</c> (else it numbers positions itself from the row's start).</summary>
    internal bool HasPositionIds => _hasPositionIds;

    /// <summary>The graph's output names and metadata.</summary>
    internal IReadOnlyDictionary<string, NodeMetadata> OutputMetadata => _session.Session.OutputMetadata;

    /// <summary>The model's <c>config.json</c>.</summary>
    internal DecoderModelConfig Config { get; }

    /// <summary>The model's tokenizer (<c>tokenizer.json</c>).</summary>
    internal ByteLevelBpeTokenizer Tokenizer { get; }

    /// <summary>The longest sequence accepted: <see cref="DecoderRunnerOptions.MaxLength"/> or the config's maximum.</summary>
    public int MaxLength { get; }

    /// <summary>The execution provider in use, for example <c>CPU</c>.</summary>
    public string ExecutionProvider => _session.ActiveProvider;

    /// <summary>Counters of every pass this model ran (rerankers also keep their own).</summary>
    public RerankStatistics Statistics { get; } = new(reportsToCall: false); // the caller's counters (or the call scope) get the same work

    /// <summary>Whether the graph returns float16 logits (an fp16 export); they are widened to float when read.</summary>
    public bool HalfPrecisionLogits => _logitsType == TensorElementType.Float16;

    private int LogitBytes => HalfPrecisionLogits ? 2 : 4;

    /// <summary>
    /// How calls are batched: the resolved token budget (<see cref="DecoderRunnerOptions.TokenBudget"/>, else the
    /// session's), <see cref="DecoderRunnerOptions.MaxBatchSize"/> and the memory estimate under
    /// <see cref="DecoderRunnerOptions.MemoryBudgetBytes"/>.
    /// </summary>
    internal BatchLimits BatchLimits { get; }

    /// <summary>The options the model was opened with.</summary>
    public DecoderRunnerOptions Options => _options;

    /// <summary>
    /// Opens a model folder: <c>config.json</c>, <c>tokenizer.json</c> and the graph (<see cref="DecoderRunnerOptions.ModelFile"/>,
    /// else with <see cref="DecoderRunnerOptions.PreferFp16"/> <c>model_fp16.onnx</c> or <c>onnx/model_fp16.onnx</c>,
    /// else <c>model.onnx</c>, else <c>onnx/model.onnx</c>).
    /// </summary>
    /// <exception cref="FileNotFoundException">A file is missing, including an external data file the graph names.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, or the graph lacks <c>logits</c> or a required input.</exception>
    public static DecoderOnlyModel Load(string modelDirectory, DecoderRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        var settings = options ?? new DecoderRunnerOptions();
        return DecoderModelFolder.Open(modelDirectory, settings, (modelPath, session, config, tokenizer) => new DecoderOnlyModel(modelPath, session, config, tokenizer, settings));
    }

    /// <summary>
    /// Estimated memory of one call with <paramref name="batch"/> sequences padded to <paramref name="length"/> tokens:
    /// logits (batch × length × vocabulary × 4 bytes, or 2 for float16 logits: the dominant term), the <c>present</c> key/value tensors the
    /// graph computes, transient activations (≈16 × hidden floats per token) and attention scores
    /// (batch × heads × length² × 4 bytes).
    /// </summary>
    internal long EstimateBatchBytes(int batch, int length)
    {
        long tokens = (long)batch * length;
        long perToken = (long)Config.VocabularySize * LogitBytes
            + 2L * Config.LayerCount * Config.KeyValueHeads * Config.HeadDimension * 4
            + 16L * Config.HiddenSize * 4;
        return tokens * perToken + (long)batch * Config.AttentionHeads * length * length * 4;
    }

    /// <summary>A sentence for <see cref="RerankerDescription.Notes"/> on the memory a batch needs under the budget.</summary>
    public string MemoryNote()
    {
        var perToken = EstimateBatchBytes(1, 1);
        return $"memory per batch ≈ batch × tokens × {perToken / 1e6:0.###} MB (logits: vocabulary {Config.VocabularySize:N0} × {LogitBytes} bytes per token) " +
            $"+ attention; budget {_options.MemoryBudgetBytes / (1024.0 * 1024):0} MiB and {BatchLimits.TokenBudget} padded tokens per ONNX Runtime call, at most {BatchLimits.MaxBatchSize} sequences";
    }

    /// <summary>
    /// Runs each sequence once and returns, at its last token, the logits of <paramref name="tokenIds"/> and the
    /// full-vocabulary log-sum-exp (pointwise yes/no, listwise labels, pairwise A/B).
    /// </summary>
    /// <param name="sequences">Token ids, each 1 to <see cref="MaxLength"/> long.</param>
    /// <param name="tokenIds">Vocabulary ids whose logits are wanted.</param>
    /// <param name="statistics">Extra counters to add this work to (a reranker's own), besides <see cref="Statistics"/>.</param>
    /// <param name="cancellationToken">Stops between and inside ONNX Runtime calls.</param>
    internal NextTokenLogits[] ScoreNextToken(
        IReadOnlyList<int[]> sequences, IReadOnlyList<int> tokenIds, RerankStatistics? statistics = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(tokenIds);
        foreach (var id in tokenIds)
        {
            CheckVocabularyId(id);
        }

        var results = new NextTokenLogits[sequences.Count];
        Run(
            sequences,
            i => [sequences[i].Length - 1],
            (i, _, logits) =>
            {
                var selected = new float[tokenIds.Count];
                for (var k = 0; k < selected.Length; k++)
                {
                    CheckVocabularyId(tokenIds[k], logits.Length);
                    selected[k] = logits[tokenIds[k]];
                }

                results[i] = new NextTokenLogits(selected, LogSumExp(logits));
            },
            statistics,
            cancellationToken);
        return results;
    }

    /// <summary>
    /// Teacher forcing: runs each sequence once and returns log p(token t | tokens before t) for every t from
    /// <paramref name="continuationStarts"/>[i] to the end of sequence i (query likelihood).
    /// </summary>
    /// <param name="sequences">Prompt followed by continuation, each 2 to <see cref="MaxLength"/> tokens.</param>
    /// <param name="continuationStarts">Index of each sequence's first scored token (≥ 1: the first token has no prediction).</param>
    /// <param name="statistics">Extra counters to add this work to, besides <see cref="Statistics"/>.</param>
    /// <param name="cancellationToken">Stops between and inside ONNX Runtime calls.</param>
    internal float[][] ScoreContinuations(
        IReadOnlyList<int[]> sequences, IReadOnlyList<int> continuationStarts, RerankStatistics? statistics = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(continuationStarts);
        if (continuationStarts.Count != sequences.Count)
        {
            throw new ArgumentException("One continuation start per sequence is needed.", nameof(continuationStarts));
        }

        var results = new float[sequences.Count][];
        for (var i = 0; i < sequences.Count; i++)
        {
            var start = continuationStarts[i];
            if (start < 1 || start > sequences[i].Length)
            {
                throw new ArgumentOutOfRangeException(nameof(continuationStarts), start, $"Sequence {i} has {sequences[i].Length} tokens; a continuation starts at 1 or later.");
            }

            results[i] = new float[sequences[i].Length - start];
        }

        Run(
            sequences,
            i => [.. Enumerable.Range(continuationStarts[i] - 1, sequences[i].Length - continuationStarts[i])],
            (i, position, logits) =>
            {
                var next = sequences[i][position + 1];
                CheckVocabularyId(next, logits.Length);
                results[i][position + 1 - continuationStarts[i]] = logits[next] - LogSumExp(logits);
            },
            statistics,
            cancellationToken);
        return results;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private delegate void LogitsConsumer(int sequence, int position, ReadOnlySpan<float> logits);

    private void Run(IReadOnlyList<int[]> sequences, Func<int, int[]> positions, LogitsConsumer consume, RerankStatistics? statistics, CancellationToken cancellationToken)
    {
        for (var i = 0; i < sequences.Count; i++)
        {
            var length = sequences[i]?.Length ?? 0;
            if (length == 0 || length > MaxLength)
            {
                throw new ArgumentException(
                    $"Sequence {i} has {length} tokens; the model accepts 1 to {MaxLength} (truncate the document before running).", nameof(sequences));
            }
        }

        var batches = LengthBatchPlanner.Plan(sequences.Select(s => s.Length).ToArray(), BatchLimits);
        foreach (var batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RunBatch(sequences, batch, positions, consume, statistics, cancellationToken);
        }
    }

    private void RunBatch(IReadOnlyList<int[]> sequences, int[] batch, Func<int, int[]> positions, LogitsConsumer consume, RerankStatistics? statistics, CancellationToken cancellationToken)
    {
        var rows = batch.Length;
        var width = batch.Max(i => sequences[i].Length);
        var size = rows * width;
        var ids = ArrayPool<long>.Shared.Rent(size);
        var mask = ArrayPool<long>.Shared.Rent(size);
        var positionIds = ArrayPool<long>.Shared.Rent(size);
        var offsets = new int[rows];
        long realTokens = 0;
        for (var r = 0; r < rows; r++)
        {
            var sequence = sequences[batch[r]];
            // A graph without position_ids numbers positions itself along the row, so it is always right-padded.
            var offset = _options.PaddingSide == PaddingSide.Left && _hasPositionIds ? width - sequence.Length : 0;
            offsets[r] = offset;
            realTokens += sequence.Length;
            for (var c = 0; c < width; c++)
            {
                var index = c - offset;
                var real = index >= 0 && index < sequence.Length;
                ids[(r * width) + c] = real ? sequence[index] : 0;
                mask[(r * width) + c] = real ? 1 : 0;

                // Hugging Face's convention: cumulative sum of the mask − 1, padding positions set to 1.
                positionIds[(r * width) + c] = real ? index : 1;
            }
        }

        var names = new List<string>();
        var values = new List<OrtValue>();
        try
        {
            long[] shape = [rows, width];
            names.Add("input_ids");
            values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids.AsMemory(0, size), shape));
            names.Add("attention_mask");
            values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, size), shape));
            if (_hasPositionIds)
            {
                names.Add("position_ids");
                values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, positionIds.AsMemory(0, size), shape));
            }

            names.AddRange(_pastInputs.Select(p => p.Name));
            values.AddRange(CreateEmptyPast(rows));
            using var outputs = RunGraph(names, values, [LogitsName], rows, realTokens, statistics, cancellationToken);
            ReadLogits(outputs[0], sequences, batch, offsets, width, positions, consume);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }

            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(mask);
            ArrayPool<long>.Shared.Return(positionIds);
        }
    }

    /// <summary>
    /// Zero-length <c>past_key_values</c> tensors [<paramref name="rows"/>, kv heads, 0, head dim] of the graph's
    /// element types, one per <see cref="PastInputs"/> entry (a pass without a cache). The caller disposes them.
    /// </summary>
    internal OrtValue[] CreateEmptyPast(int rows) =>
        [.. _pastInputs.Select(p => OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, p.Type, [rows, p.Shape[1], 0, p.Shape[3]]))];

    /// <summary>
    /// One ONNX Runtime call: <paramref name="outputNames"/> computed from the named inputs, cancellable inside the
    /// call, its time and <paramref name="sequences"/> passes of <paramref name="tokens"/> real tokens added to
    /// <see cref="Statistics"/> and to <paramref name="statistics"/> (else the current <see cref="RerankCallScope"/>).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    internal IDisposableReadOnlyCollection<OrtValue> RunGraph(
        IReadOnlyCollection<string> inputNames, IReadOnlyCollection<OrtValue> inputValues, IReadOnlyCollection<string> outputNames,
        int sequences, long tokens, RerankStatistics? statistics, CancellationToken cancellationToken)
    {
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        var started = Stopwatch.GetTimestamp();
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = _session.Session.Run(runOptions, inputNames, inputValues, outputNames);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        var elapsed = Stopwatch.GetTimestamp() - started;
        Statistics.AddInference(elapsed);
        Statistics.AddForwardPasses(sequences, tokens);
        if (statistics is null)
        {
            RerankCallScope.AddInference(elapsed);
            RerankCallScope.AddForwardPasses(sequences, tokens);
        }
        else
        {
            statistics.AddInference(elapsed);
            statistics.AddForwardPasses(sequences, tokens);
        }

        return outputs;
    }

    /// <summary>
    /// The <paramref name="vocabulary"/> logits that start at element <paramref name="start"/> of a <c>logits</c>
    /// output, as float: a view of a float32 tensor, or float16 widened into <paramref name="buffer"/> (at least
    /// <paramref name="vocabulary"/> long).
    /// </summary>
    internal ReadOnlySpan<float> LogitsRow(OrtValue logits, long start, int vocabulary, float[] buffer)
    {
        if (_logitsType == TensorElementType.Float)
        {
            return logits.GetTensorDataAsSpan<float>().Slice(checked((int)start), vocabulary);
        }

        // ONNX Runtime's Float16 has System.Half's IEEE binary16 layout: widen the row in one vectorised pass.
        var half = logits.GetTensorDataAsSpan<Float16>().Slice(checked((int)start), vocabulary);
        var converted = buffer.AsSpan(0, vocabulary);
        TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, Half>(half), converted);
        return converted;
    }

    private void ReadLogits(OrtValue logits, IReadOnlyList<int[]> sequences, int[] batch, int[] offsets, int width, Func<int, int[]> positions, LogitsConsumer consume)
    {
        var shape = logits.GetTensorTypeAndShape().Shape;
        if (shape.Length != 3 || shape[0] != batch.Length || shape[1] != width)
        {
            throw new InvalidDataException(
                $"{ModelPath}: 'logits' has shape [{string.Join(", ", shape)}]; expected [{batch.Length}, {width}, vocabulary] " +
                "(one row of logits per input position).");
        }

        var vocabulary = (int)shape[2];
        var converted = _logitsType == TensorElementType.Float16 ? new float[vocabulary] : [];
        for (var r = 0; r < batch.Length; r++)
        {
            foreach (var position in positions(batch[r]))
            {
                var start = (((long)r * width) + offsets[r] + position) * vocabulary;
                consume(batch[r], position, LogitsRow(logits, start, vocabulary, converted));
            }
        }
    }

    private void CheckVocabularyId(int id, int? vocabulary = null)
    {
        var size = vocabulary ?? Config.VocabularySize;
        if (id < 0 || id >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id {id} is outside the model's vocabulary (size {size}).");
        }
    }

    /// <summary>log Σ exp(logits), computed stably (max-shifted).</summary>
    internal static float LogSumExp(ReadOnlySpan<float> logits)
    {
        var max = TensorPrimitives.Max(logits);
        var buffer = ArrayPool<float>.Shared.Rent(logits.Length);
        try
        {
            var span = buffer.AsSpan(0, logits.Length);
            TensorPrimitives.Subtract(logits, max, span);
            TensorPrimitives.Exp(span, span);
            return max + MathF.Log(TensorPrimitives.Sum(span));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
