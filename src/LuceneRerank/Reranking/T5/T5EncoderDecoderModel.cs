using System.Diagnostics;
using LuceneRerank.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace LuceneRerank.Reranking.T5;

/// <summary>
/// A T5-shaped encoder-decoder exported by optimum as <c>encoder_model.onnx</c> + <c>decoder_model.onnx</c>, run for
/// one decoder step: the encoder over a padded batch of inputs, then the decoder on the start token, returning the
/// first-step logits of the few token ids a method needs (the [batch, 1, vocabulary] logits are never copied whole).
/// </summary>
/// <remarks>Thread-safe: ONNX Runtime sessions may be run from several threads at once.</remarks>
internal sealed class T5EncoderDecoderModel : IDisposable
{
    private const string InputIds = "input_ids";
    private const string AttentionMask = "attention_mask";
    private const string LastHiddenState = "last_hidden_state";
    private const string EncoderHiddenStates = "encoder_hidden_states";
    private const string EncoderAttentionMask = "encoder_attention_mask";
    private const string Logits = "logits";

    private readonly OnnxModelSession _encoder;
    private readonly OnnxModelSession _decoder;
    private readonly bool _decoderTakesMask;

    private T5EncoderDecoderModel(OnnxModelSession encoder, OnnxModelSession decoder, bool decoderTakesMask, int? vocabularySize)
    {
        _encoder = encoder;
        _decoder = decoder;
        _decoderTakesMask = decoderTakesMask;
        VocabularySize = vocabularySize;
    }

    /// <summary>The execution provider in use, for example <c>CPU</c>.</summary>
    public string ActiveProvider => _encoder.ActiveProvider;

    /// <summary>
    /// Whether the decoder has an <c>encoder_attention_mask</c> input. Without it, cross-attention cannot tell padding
    /// from text, so <see cref="FirstStepLogits"/> never pads: it runs each group of equal-length inputs as its own
    /// batch (scores equal one-at-a-time scores; more, smaller ONNX Runtime calls).
    /// </summary>
    public bool DecoderTakesEncoderMask => _decoderTakesMask;

    /// <summary>Padded encoder tokens per call: <paramref name="runnerOption"/>, else the encoder session's budget (see <see cref="TokenBudgets"/>).</summary>
    internal int ResolveTokenBudget(int? runnerOption) => TokenBudgets.Resolve(runnerOption, _encoder);

    /// <summary>The logits' vocabulary size when the decoder declares it; <see langword="null"/> when it is dynamic.</summary>
    public int? VocabularySize { get; }

    /// <summary>
    /// Opens both files. Throws <see cref="FileNotFoundException"/> naming a missing file, and
    /// <see cref="InvalidDataException"/> when a model lacks an input or output this runner needs (for example a
    /// decoder without <c>logits</c>) or needs one it cannot feed (for example past key/values).
    /// </summary>
    public static T5EncoderDecoderModel Load(string encoderPath, string decoderPath, OnnxRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(encoderPath);
        ArgumentNullException.ThrowIfNull(decoderPath);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (path, role) in new[] { (encoderPath, "encoder"), (decoderPath, "decoder") })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"T5 {role} model file not found: {path} (export with optimum: optimum-cli export onnx --task text2text-generation).", path);
            }
        }

        var encoder = OnnxSessionFactory.Create(encoderPath, options);
        try
        {
            RequireInputs(encoder.Session, encoderPath, "encoder", [InputIds, AttentionMask], []);
            RequireOutput(encoder.Session, encoderPath, "encoder", LastHiddenState);
            var decoder = OnnxSessionFactory.Create(decoderPath, options);
            try
            {
                RequireInputs(decoder.Session, decoderPath, "decoder", [InputIds, EncoderHiddenStates], [EncoderAttentionMask]);
                RequireOutput(decoder.Session, decoderPath, "decoder", Logits);
                var dims = decoder.Session.OutputMetadata[Logits].Dimensions;
                int? vocabulary = dims.Length == 3 && dims[2] > 0 ? dims[2] : null;
                var takesMask = decoder.Session.InputMetadata.ContainsKey(EncoderAttentionMask);
                return new T5EncoderDecoderModel(encoder, decoder, takesMask, vocabulary);
            }
            catch
            {
                decoder.Dispose();
                throw;
            }
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs one batch: the encoder over <paramref name="inputs"/> (right-padded with <paramref name="padId"/>), then
    /// one decoder step from <paramref name="decoderStartId"/>. Returns, per input, the logits of
    /// <paramref name="tokenIds"/> in that order. A decoder without <c>encoder_attention_mask</c>
    /// (<see cref="DecoderTakesEncoderMask"/> false) gets no padding: inputs of different lengths run as separate
    /// equal-length batches.
    /// </summary>
    /// <param name="inputs">Encoder input ids, one array per sequence (at least one).</param>
    /// <param name="padId">Id used for padding (masked out).</param>
    /// <param name="decoderStartId">The decoder's first input (T5: 0).</param>
    /// <param name="tokenIds">Vocabulary ids whose logits to return.</param>
    /// <param name="statistics">Receives inference time, forward passes and tokens (encoder tokens plus one decoder token per sequence).</param>
    /// <param name="cancellationToken">Stops the ONNX Runtime calls (through <see cref="RunOptions.Terminate"/>); throws <see cref="OperationCanceledException"/>.</param>
    public float[][] FirstStepLogits(
        IReadOnlyList<int[]> inputs, int padId, int decoderStartId, IReadOnlyList<int> tokenIds, RerankStatistics? statistics = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(tokenIds);
        if (inputs.Count == 0)
        {
            return [];
        }

        if (DecoderTakesEncoderMask || inputs.All(x => x.Length == inputs[0].Length))
        {
            return RunBatch(inputs, padId, decoderStartId, tokenIds, statistics, cancellationToken);
        }

        // Without encoder_attention_mask the decoder's cross-attention would read the encoder's padding: run each
        // group of equal-length inputs as its own unpadded batch.
        var result = new float[inputs.Count][];
        foreach (var group in Enumerable.Range(0, inputs.Count).GroupBy(i => inputs[i].Length))
        {
            var members = group.ToArray();
            var logits = RunBatch([.. members.Select(i => inputs[i])], padId, decoderStartId, tokenIds, statistics, cancellationToken);
            for (var k = 0; k < members.Length; k++)
            {
                result[members[k]] = logits[k];
            }
        }

        return result;
    }

    private float[][] RunBatch(
        IReadOnlyList<int[]> inputs, int padId, int decoderStartId, IReadOnlyList<int> tokenIds, RerankStatistics? statistics, CancellationToken cancellationToken)
    {
        var batch = inputs.Count;
        var length = Math.Max(1, inputs.Max(x => x.Length));
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        long realTokens = 0;
        for (var b = 0; b < batch; b++)
        {
            var row = inputs[b];
            for (var t = 0; t < length; t++)
            {
                ids[(b * length) + t] = t < row.Length ? row[t] : padId;
                mask[(b * length) + t] = t < row.Length ? 1 : 0;
            }

            realTokens += row.Length;
        }

        var decoderIds = new long[batch];
        Array.Fill(decoderIds, decoderStartId);
        var started = Stopwatch.GetTimestamp();
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [batch, length]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [batch, length]);
        using var decoderIdsValue = OrtValue.CreateTensorValueFromMemory(decoderIds, [batch, 1]);
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        using var encoded = Run(_encoder.Session, runOptions, [InputIds, AttentionMask], [idsValue, maskValue], LastHiddenState, cancellationToken);
        string[] decoderInputs = _decoderTakesMask ? [InputIds, EncoderHiddenStates, EncoderAttentionMask] : [InputIds, EncoderHiddenStates];
        OrtValue[] decoderValues = _decoderTakesMask ? [decoderIdsValue, encoded[0], maskValue] : [decoderIdsValue, encoded[0]];
        using var decoded = Run(_decoder.Session, runOptions, decoderInputs, decoderValues, Logits, cancellationToken);
        statistics?.AddInference(Stopwatch.GetTimestamp() - started);
        statistics?.AddForwardPasses(batch, realTokens + batch);

        var logits = decoded[0];
        var shape = logits.GetTensorTypeAndShape().Shape;
        if (shape.Length != 3 || shape[0] != batch || shape[1] < 1)
        {
            throw new InvalidDataException($"The decoder's logits have shape [{string.Join(", ", shape)}]; expected [{batch}, 1, vocabulary].");
        }

        var vocabulary = shape[2];
        var steps = shape[1];
        var data = logits.GetTensorDataAsSpan<float>();
        var result = new float[batch][];
        for (var b = 0; b < batch; b++)
        {
            var row = new float[tokenIds.Count];
            var offset = b * steps * vocabulary;
            for (var k = 0; k < tokenIds.Count; k++)
            {
                var id = tokenIds[k];
                if (id < 0 || id >= vocabulary)
                {
                    throw new InvalidDataException($"Token id {id} is outside the decoder's vocabulary of {vocabulary} logits; does the tokenizer belong to this model?");
                }

                row[k] = data[(int)(offset + id)];
            }

            result[b] = row;
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _decoder.Dispose();
        _encoder.Dispose();
    }

    private static IDisposableReadOnlyCollection<OrtValue> Run(
        InferenceSession session, RunOptions runOptions, string[] names, OrtValue[] values, string output, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return session.Run(runOptions, names, values, [output]);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private static void RequireInputs(InferenceSession session, string path, string role, string[] required, string[] optional)
    {
        var inputs = session.InputMetadata.Keys.ToArray();
        foreach (var name in required.Where(n => !inputs.Contains(n)))
        {
            throw new InvalidDataException(
                $"T5 {role} '{path}' has no input '{name}' (inputs: {string.Join(", ", inputs)}); expected optimum's {role}_model.onnx.");
        }

        foreach (var name in inputs.Where(n => !required.Contains(n) && !optional.Contains(n)))
        {
            throw new InvalidDataException(
                $"T5 {role} '{path}' needs input '{name}', which this runner does not feed (it runs one step without past " +
                $"key/values); use optimum's {role}_model.onnx, not the with-past or merged export.");
        }
    }

    private static void RequireOutput(InferenceSession session, string path, string role, string name)
    {
        if (!session.OutputMetadata.ContainsKey(name))
        {
            throw new InvalidDataException(
                $"T5 {role} '{path}' has no output '{name}' (outputs: {string.Join(", ", session.OutputMetadata.Keys)}).");
        }
    }
}
