using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using LuceneRerank.Onnx;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LuceneRerank.Reranking.InContext;

/// <summary>
/// A decoder-only language model exported to ONNX with its attention probabilities as outputs, run for the single
/// forward passes of in-context reranking (<see cref="IcrReranker"/>): it reads how much attention a span of query
/// tokens pays to every earlier token, summed over all layers and heads.
/// </summary>
/// <remarks>
/// <para>Accepted graph: the optimum / onnx-community decoder inputs (<c>input_ids</c>, <c>attention_mask</c>, optional
/// <c>position_ids</c>, <c>past_key_values.N.key/value</c> fed as zero-length tensors) and one output per layer named
/// <c>attentions.0</c> … <c>attentions.{L−1}</c> (L = <c>num_hidden_layers</c> of <c>config.json</c>), each of shape
/// [batch, heads, rows, sequence] in float32 or float16: the softmax attention probabilities of that layer, what
/// transformers returns with <c>output_attentions=True</c>. rows is the sequence length (every position), or fewer when
/// the export keeps only the last rows (then they are the last <c>rows</c> positions, and the query span must lie within
/// them). Other outputs (<c>logits</c>, <c>present.*</c>) may exist and are not fetched. The README section "In-context
/// reranking (ICR)" shows how to export such a graph.</para>
/// <para>One sequence per call, unpadded, positions 0 … n−1. Memory per call ≈ L × heads × rows × n × 4 bytes for the
/// attention outputs (the full-row export of a 28-layer, 16-head model at n = 2048 needs 7.5 GB): keep
/// <see cref="MaxLength"/> modest or export only the last rows.</para>
/// <para>Thread-safe: ONNX Runtime's <c>Run</c> may be called concurrently on one session.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed class DecoderAttentionModel : IRerankStatisticsSource, IDisposable
{
    /// <summary>The prefix of the attention outputs: <c>attentions.0</c>, <c>attentions.1</c>, ….</summary>
    public const string AttentionOutputPrefix = "attentions.";

    private readonly OnnxModelSession _session;
    private readonly bool _hasPositionIds;
    private readonly (string Name, TensorElementType Type, long Heads, long HeadDimension)[] _pastInputs;
    private readonly string[] _attentionOutputs;

    private DecoderAttentionModel(string modelPath, OnnxModelSession session, DecoderModelConfig config, ByteLevelBpeTokenizer tokenizer, DecoderRunnerOptions options)
    {
        _session = session;
        ModelPath = modelPath;
        Tokenizer = tokenizer;
        LayerCount = config.LayerCount;
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

        _attentionOutputs = [.. Enumerable.Range(0, config.LayerCount).Select(l => AttentionOutputPrefix + l.ToString(CultureInfo.InvariantCulture))];
        var missing = _attentionOutputs.Where(n => !outputs.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            var what = missing.Count == _attentionOutputs.Length
                ? "has no attention outputs"
                : $"lacks the attention output(s) {string.Join(", ", missing)}";
            throw new InvalidDataException(
                $"{modelPath} {what}: in-context reranking needs one output per layer, '{_attentionOutputs[0]}' … '{_attentionOutputs[^1]}' " +
                $"(num_hidden_layers = {config.LayerCount} in config.json), each [batch, heads, rows, sequence]; its outputs are: {string.Join(", ", outputs.Keys)}. " +
                "Export the model with output_attentions=True and eager attention (README, \"In-context reranking (ICR)\").");
        }

        var types = _attentionOutputs.Select(n => outputs[n]).ToArray();
        foreach (var (name, meta) in _attentionOutputs.Zip(types))
        {
            if (meta.Dimensions.Length != 4 || meta.ElementDataType is not (TensorElementType.Float or TensorElementType.Float16))
            {
                throw new InvalidDataException(
                    $"{modelPath}: output '{name}' is {meta.ElementDataType} of rank {meta.Dimensions.Length}; expected float32 or float16 attention probabilities [batch, heads, rows, sequence].");
            }
        }

        _hasPositionIds = inputs.ContainsKey("position_ids");
        var past = new List<(string, TensorElementType, long, long)>();
        foreach (var (name, meta) in inputs)
        {
            if (name is "input_ids" or "attention_mask" or "position_ids")
            {
                continue;
            }

            if (!name.StartsWith("past_key_values.", StringComparison.Ordinal) || meta.Dimensions.Length != 4)
            {
                throw new InvalidDataException(
                    $"{modelPath} has an input '{name}' this runner cannot feed (it feeds input_ids, attention_mask, " +
                    "position_ids and past_key_values.N.key/value).");
            }

            past.Add((name, meta.ElementDataType, meta.Dimensions[1] > 0 ? meta.Dimensions[1] : config.KeyValueHeads,
                meta.Dimensions[3] > 0 ? meta.Dimensions[3] : config.HeadDimension));
        }

        _pastInputs = [.. past];
        MaxLength = Math.Min(options.MaxLength ?? config.MaxPositions, config.MaxPositions);
    }

    /// <summary>The graph file in use.</summary>
    public string ModelPath { get; }

    /// <summary>The longest sequence accepted: <see cref="DecoderRunnerOptions.MaxLength"/> or the config's maximum.</summary>
    public int MaxLength { get; }

    /// <summary>The number of layers whose attentions are read (<c>num_hidden_layers</c>).</summary>
    public int LayerCount { get; }

    /// <summary>The execution provider in use, for example <c>CPU</c>.</summary>
    public string ExecutionProvider => _session.ActiveProvider;

    /// <summary>Counters of every pass this model ran (rerankers also keep their own).</summary>
    public RerankStatistics Statistics { get; } = new(reportsToCall: false);

    /// <summary>The model's tokenizer (<c>tokenizer.json</c>).</summary>
    internal ByteLevelBpeTokenizer Tokenizer { get; }

    /// <summary>
    /// Opens a model folder with <c>config.json</c>, <c>tokenizer.json</c> and a graph with attention outputs
    /// (<see cref="DecoderRunnerOptions.ModelFile"/>, else <c>model.onnx</c>, else <c>onnx/model.onnx</c>; with
    /// <see cref="DecoderRunnerOptions.PreferFp16"/> the <c>model_fp16.onnx</c> variants first). Of the options only
    /// <see cref="DecoderRunnerOptions.Runtime"/>, <see cref="DecoderRunnerOptions.ModelFile"/>,
    /// <see cref="DecoderRunnerOptions.PreferFp16"/> and <see cref="DecoderRunnerOptions.MaxLength"/> apply: a pass is
    /// one unbatched sequence.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file is missing, including an external data file the graph names.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, or the graph lacks an input or the attention outputs.</exception>
    public static DecoderAttentionModel Load(string modelDirectory, DecoderRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        var settings = options ?? new DecoderRunnerOptions();
        return DecoderModelFolder.Open(modelDirectory, settings, (modelPath, session, config, tokenizer) => new DecoderAttentionModel(modelPath, session, config, tokenizer, settings));
    }

    /// <summary>
    /// Runs <paramref name="ids"/> once and returns, for every position k, the attention the query span pays to it:
    /// a[k] = Σ over layers and heads of the mean over rows t ≥ <paramref name="queryStart"/> of A[layer, head, t, k]
    /// (the official ICR code's aggregation: mean over query tokens, sum over heads and layers).
    /// </summary>
    /// <param name="ids">The prompt's token ids, 1 to <see cref="MaxLength"/> of them.</param>
    /// <param name="queryStart">The first position of the query span (it runs to the end), 0 ≤ start &lt; length.</param>
    /// <param name="statistics">Extra counters to add this pass to (a reranker's own), besides <see cref="Statistics"/>.</param>
    /// <param name="cancellationToken">Stops the ONNX Runtime call.</param>
    internal double[] QuerySpanAttention(int[] ids, int queryStart, RerankStatistics? statistics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var n = ids.Length;
        if (n == 0 || n > MaxLength)
        {
            throw new ArgumentException($"The prompt has {n} tokens; the model accepts 1 to {MaxLength}.", nameof(ids));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(queryStart);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(queryStart, n);
        cancellationToken.ThrowIfCancellationRequested();
        var values = new List<OrtValue>();
        var names = new List<string>();
        try
        {
            long[] shape = [1, n];
            names.Add("input_ids");
            values.Add(OrtValue.CreateTensorValueFromMemory(ids.Select(i => (long)i).ToArray(), shape));
            names.Add("attention_mask");
            values.Add(OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, n).ToArray(), shape));
            if (_hasPositionIds)
            {
                names.Add("position_ids");
                values.Add(OrtValue.CreateTensorValueFromMemory(Enumerable.Range(0, n).Select(i => (long)i).ToArray(), shape));
            }

            foreach (var (name, type, heads, headDimension) in _pastInputs)
            {
                names.Add(name);
                values.Add(OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, type, [1, heads, 0, headDimension]));
            }

            using var runOptions = new RunOptions();
            using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
            var started = Stopwatch.GetTimestamp();
            IDisposableReadOnlyCollection<OrtValue> outputs;
            try
            {
                outputs = _session.Session.Run(runOptions, names, values, _attentionOutputs);
            }
            catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            using (outputs)
            {
                var elapsed = Stopwatch.GetTimestamp() - started;
                Statistics.AddInference(elapsed);
                Statistics.AddForwardPasses(1, n);
                if (statistics is null)
                {
                    RerankCallScope.AddInference(elapsed);
                    RerankCallScope.AddForwardPasses(1, n);
                }
                else
                {
                    statistics.AddInference(elapsed);
                    statistics.AddForwardPasses(1, n);
                }

                var attention = new double[n];
                for (var layer = 0; layer < outputs.Count; layer++)
                {
                    AddLayer(_attentionOutputs[layer], outputs[layer], n, queryStart, attention);
                }

                return attention;
            }
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private void AddLayer(string name, OrtValue output, int n, int queryStart, double[] attention)
    {
        var shape = output.GetTensorTypeAndShape().Shape;
        if (shape.Length != 4 || shape[0] != 1 || shape[2] < 1 || shape[2] > n || shape[3] != n)
        {
            throw new InvalidDataException(
                $"{ModelPath}: '{name}' has shape [{string.Join(", ", shape)}]; expected [1, heads, rows ≤ {n}, {n}] for a sequence of {n} tokens.");
        }

        var heads = (int)shape[1];
        var rows = (int)shape[2];
        var firstRow = n - rows; // the rows are the last positions
        if (queryStart < firstRow)
        {
            throw new InvalidDataException(
                $"{ModelPath}: '{name}' returns attention rows for the last {rows} positions only, but the query span starts at position {queryStart} of {n} " +
                $"({n - queryStart} query tokens); export more rows or shorten the query.");
        }

        var queryRows = n - queryStart;
        var halfPrecision = output.GetTensorTypeAndShape().ElementDataType == TensorElementType.Float16;
        var row = new float[n];
        for (var head = 0; head < heads; head++)
        {
            for (var t = queryStart; t < n; t++)
            {
                var start = (((long)head * rows) + (t - firstRow)) * n;
                ReadOnlySpan<float> probabilities;
                if (halfPrecision)
                {
                    var half = output.GetTensorDataAsSpan<Float16>().Slice((int)start, n);
                    TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, Half>(half), row);
                    probabilities = row;
                }
                else
                {
                    probabilities = output.GetTensorDataAsSpan<float>().Slice((int)start, n);
                }

                for (var k = 0; k <= t; k++)
                {
                    attention[k] += probabilities[k] / queryRows;
                }
            }
        }
    }
}
