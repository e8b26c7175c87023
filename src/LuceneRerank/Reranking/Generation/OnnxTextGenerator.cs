using LuceneRerank.Reranking.Llm;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LuceneRerank.Reranking.Generation;

/// <summary>
/// Text generation with a decoder-only ONNX model in the optimum / onnx-community layout (<c>input_ids</c>,
/// <c>attention_mask</c>, <c>position_ids</c>, <c>past_key_values.N.key/value</c> → <c>logits</c>,
/// <c>present.N.key/value</c>), with a key/value cache: one prefill pass over the prompts, then one pass per generated
/// token that feeds the previous pass's <c>present.*</c> back as <c>past_key_values.*</c>.
/// </summary>
/// <remarks>
/// <para>Prompts are prefilled one at a time (the prefill's logits cover every prompt position) and decoded in
/// batches with LEFT padding (the mask and positions of a padded row are those it has alone, so a batched
/// continuation equals the one generated alone), longest first, as many per batch as
/// <see cref="DecoderRunnerOptions.MemoryBudgetBytes"/> allows by <see cref="EstimateMemoryBytes"/>, at most
/// <see cref="DecoderRunnerOptions.MaxBatchSize"/>, and at most <see cref="DecoderRunnerOptions.TokenBudget"/> padded
/// prompt tokens (a single prompt over a budget still runs, alone). A graph without <c>position_ids</c> numbers
/// positions itself, so it is never given padding: each prompt runs alone. Rows whose continuation ended are dropped
/// from the batch (cut out of the cache), so later steps compute only the rows still generating.
/// <see cref="DecoderRunnerOptions.PaddingSide"/> does not apply.</para>
/// <para>Stopping: the model's end-of-sequence ids (<c>eos_token_id</c> of <c>config.json</c> and
/// <c>generation_config.json</c>, an integer or a list), <see cref="GenerationOptions.StopTokenIds"/>,
/// <see cref="GenerationOptions.StopStrings"/> (matched on the decoded text), <see cref="GenerationOptions.MaxNewTokens"/>
/// (lowered for a prompt whose positions would pass <see cref="MaxLength"/>: a continuation that reaches the model's
/// last position ends as <see cref="GenerationStopReason.MaxNewTokens"/>), and the time budget, checked after every
/// pass. Cancellation is checked between passes and stops a running pass.</para>
/// <para>The float16 exports (<c>model_fp16.onnx</c>, <see cref="DecoderRunnerOptions.PreferFp16"/>) work as they
/// are: float16 logits are widened to float, and float16 <c>present</c> tensors are fed back as they came.</para>
/// <para>Thread-safe: calls share the ONNX Runtime session, each with its own cache.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed class OnnxTextGenerator : ITextGenerator, IDisposable
{
    private readonly DecoderOnlyModel _model;
    private readonly GenerationLoop _loop;
    private readonly int[] _endOfSequenceIds;
    private readonly long _cacheBytesPerToken;

    private OnnxTextGenerator(DecoderOnlyModel model, int[] endOfSequenceIds)
    {
        _model = model;
        _endOfSequenceIds = endOfSequenceIds;
        var outputs = model.OutputMetadata;
        if (model.PastInputs.Count == 0)
        {
            throw new InvalidDataException(
                $"{model.ModelPath} has no past_key_values.N.key/value inputs; generation with a key/value cache needs an export " +
                "with past inputs and present outputs (optimum's 'text-generation-with-past' task).");
        }

        var presentNames = model.PastInputs.Select(p => "present." + p.Name["past_key_values.".Length..]).ToArray();
        var missing = presentNames.Where(name => !outputs.ContainsKey(name)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidDataException(
                $"{model.ModelPath} lacks the present outputs {string.Join(", ", missing)} that pair with its past_key_values " +
                $"inputs; its outputs are: {string.Join(", ", outputs.Keys)}. Generation feeds present.N.key/value back as " +
                "past_key_values.N.key/value (optimum's 'text-generation-with-past' export).");
        }

        _cacheBytesPerToken = model.PastInputs.Sum(p => p.Shape[1] * p.Shape[3] * ElementBytes(p.Type, model.ModelPath, p.Name));
        _loop = new GenerationLoop(model, presentNames);
    }

    /// <summary>The graph file in use.</summary>
    public string ModelPath => _model.ModelPath;

    /// <summary>
    /// The most positions a sequence (prompt and continuation) may use: <see cref="DecoderRunnerOptions.MaxLength"/> or
    /// the config's <c>max_position_embeddings</c>.
    /// </summary>
    public int MaxLength => _model.MaxLength;

    /// <summary>The model's end-of-sequence ids (<c>config.json</c> and <c>generation_config.json</c>), ascending.</summary>
    public IReadOnlyList<int> EndOfSequenceTokenIds => _endOfSequenceIds;

    /// <summary>The execution provider in use, for example <c>CPU</c>.</summary>
    public string ExecutionProvider => _model.ExecutionProvider;

    /// <summary>
    /// Counters of every pass: each prefill counts one forward pass per prompt and its prompt tokens, each decoding step
    /// one token per row still generating (and no pass); inference time covers both.
    /// </summary>
    public RerankStatistics Statistics => _model.Statistics;

    /// <summary>
    /// Bytes of the key/value cache per row and token: layers × 2 (key, value) × kv heads × head dim × element size
    /// (4 for float32, 2 for a float16 cache).
    /// </summary>
    public long CacheBytesPerToken => _cacheBytesPerToken;

    /// <summary>
    /// Opens a model folder as <see cref="DecoderOnlyModel.Load"/> does (<c>config.json</c>, <c>tokenizer.json</c>, the
    /// graph chosen by <see cref="DecoderRunnerOptions.ModelFile"/> / <see cref="DecoderRunnerOptions.PreferFp16"/>) and
    /// reads its end-of-sequence ids.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">
    /// A file is malformed, or the graph lacks <c>logits</c>, a required input, <c>past_key_values</c> inputs, or the
    /// <c>present</c> outputs that pair with them (named in the message).
    /// </exception>
    public static OnnxTextGenerator Load(string modelDirectory, DecoderRunnerOptions? options = null)
    {
        var model = DecoderOnlyModel.Load(modelDirectory, options);
        try
        {
            return new OnnxTextGenerator(model, EndOfSequenceIds.Read(modelDirectory));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Estimated memory of one batch of <paramref name="batchSize"/> prompts padded to <paramref name="promptTokens"/>
    /// generating up to <paramref name="maxNewTokens"/> tokens, in bytes:
    /// batch × 2 × <see cref="CacheBytesPerToken"/> × (prompt + max new) (the past fed in and the present returned
    /// live together during a pass) + prompt × (vocabulary × logit bytes + 16 × hidden × 4) + attention heads ×
    /// prompt² × 4 (one prompt's prefill: its logits at every prompt position, activations and attention scores;
    /// prompts are prefilled one at a time).
    /// </summary>
    public long EstimateMemoryBytes(int batchSize, int promptTokens, int maxNewTokens)
    {
        var config = _model.Config;
        long prompt = promptTokens;
        var cache = 2 * _cacheBytesPerToken * (prompt + maxNewTokens);
        var prefill = prompt * (((long)config.VocabularySize * (_model.HalfPrecisionLogits ? 2 : 4)) + (16L * config.HiddenSize * 4));
        var attention = config.AttentionHeads * prompt * prompt * 4;
        return (batchSize * cache) + prefill + attention;
    }

    /// <inheritdoc />
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _model.Tokenizer.CountTokens(text);
    }

    /// <inheritdoc />
    public IReadOnlyList<int> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _model.Tokenizer.EncodeToIds(text);
    }

    /// <inheritdoc />
    /// <remarks>Ids the tokenizer does not have (the logits are often wider than the vocabulary) decode to nothing.</remarks>
    public string Decode(IReadOnlyList<int> tokenIds)
    {
        ArgumentNullException.ThrowIfNull(tokenIds);
        var vocabulary = _model.Tokenizer.VocabularySize;
        return _model.Tokenizer.Decode(tokenIds.Where(id => id >= 0 && id < vocabulary));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Runs on the calling thread and returns a completed task, as the library's rerankers do. Errors come back in the
    /// task: <see cref="ArgumentException"/> for an empty prompt list, an empty prompt, a prompt with no room left
    /// before <see cref="MaxLength"/>, or options out of range (each named in the message).
    /// </remarks>
    public Task<IReadOnlyList<GeneratedText>> GenerateAsync(
        IReadOnlyList<string> prompts, GenerationOptions options, CancellationToken cancellationToken = default) =>
        CompletedScores.Run(
            () =>
            {
                ArgumentNullException.ThrowIfNull(prompts);
                var tokens = new int[prompts.Count][];
                for (var i = 0; i < tokens.Length; i++)
                {
                    tokens[i] = _model.Tokenizer.EncodeToIds(prompts[i] ?? throw new ArgumentException($"Prompt {i} is null.", nameof(prompts)));
                }

                return Generate(tokens, options, cancellationToken);
            },
            cancellationToken);

    /// <summary>Generates from prompts given as token ids (what <see cref="GenerateAsync"/> does after tokenizing).</summary>
    internal IReadOnlyList<GeneratedText> Generate(IReadOnlyList<int[]> prompts, GenerationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(options);
        GenerationOptionsValidation.Check(options, _model.Config.VocabularySize);
        if (prompts.Count == 0)
        {
            throw new ArgumentException("No prompts to generate from: the prompt list is empty.", nameof(prompts));
        }

        var deadline = options.TimeBudget is { } budget
            ? System.Diagnostics.Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * System.Diagnostics.Stopwatch.Frequency)
            : (long?)null;
        var settings = new GenerationSettings
        {
            EndOfSequenceIds = _endOfSequenceIds.ToHashSet(),
            StopTokenIds = options.StopTokenIds.ToHashSet(),
            TrackedTokenIds = [.. options.TrackedTokenIds.Distinct()],
            OnToken = options.OnToken,
            Deadline = deadline,
        };
        var baseSeed = options.Seed ?? Random.Shared.Next();
        var rows = new GenerationRow[prompts.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var prompt = prompts[i] ?? [];
            if (prompt.Length == 0)
            {
                throw new ArgumentException($"Prompt {i} is empty (0 tokens); generation needs at least one prompt token.", nameof(prompts));
            }

            if (prompt.Length >= MaxLength)
            {
                throw new ArgumentException(
                    $"Prompt {i} has {prompt.Length} tokens; the model's maximum is {MaxLength} positions (prompt and continuation), " +
                    $"so a prompt may have at most {MaxLength - 1} tokens. Shorten the prompt.", nameof(prompts));
            }

            foreach (var id in prompt)
            {
                if (id < 0 || id >= _model.Config.VocabularySize)
                {
                    throw new ArgumentException($"Prompt {i} holds token id {id}, outside the model's vocabulary (size {_model.Config.VocabularySize}).", nameof(prompts));
                }
            }

            rows[i] = new GenerationRow(
                i,
                prompt,
                Math.Min(options.MaxNewTokens, MaxLength - prompt.Length),
                new TokenSampler(options.Temperature, options.TopP, unchecked((baseSeed * 1_000_003) + i)),
                new ContinuationText(Decode, options.StopStrings));
        }

        var limits = new BatchLimits(_model.BatchLimits.TokenBudget)
        {
            MaxBatchSize = _model.HasPositionIds ? _model.BatchLimits.MaxBatchSize : 1,
            EstimateCost = (batch, longest) => EstimateMemoryBytes(batch, longest, options.MaxNewTokens),
            CostBudget = _model.Options.MemoryBudgetBytes,
        };
        foreach (var batch in LengthBatchPlanner.Plan(rows.Select(r => r.Prompt.Length).ToArray(), limits))
        {
            _loop.Run([.. batch.Select(i => rows[i])], settings, cancellationToken);
        }

        return [.. rows.Select(r => r.ToResult())];
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();

    private static long ElementBytes(TensorElementType type, string modelPath, string input) => type switch
    {
        TensorElementType.Float => 4,
        TensorElementType.Float16 or TensorElementType.BFloat16 => 2,
        _ => throw new InvalidDataException($"{modelPath}: '{input}' has element type {type}; only float32, float16 and bfloat16 caches are supported."),
    };
}
