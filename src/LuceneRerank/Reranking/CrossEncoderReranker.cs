using System.Buffers;
using System.Diagnostics;
using LuceneRerank.Models;
using LuceneRerank.Onnx;
using LuceneRerank.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LuceneRerank.Reranking;

/// <summary>
/// A cross-encoder on ONNX Runtime: BERT-family (for example <c>cross-encoder/ms-marco-MiniLM-L-6-v2</c>), each
/// (query, passage) pair encoded as <c>[CLS] query [SEP] passage [SEP]</c>, or XLM-RoBERTa (for example
/// <c>BAAI/bge-reranker-base</c>), pairs <c>&lt;s&gt; query &lt;/s&gt;&lt;/s&gt; passage &lt;/s&gt;</c>; the model gives one
/// relevance score per pair.
/// </summary>
/// <remarks>
/// Pairs are sorted by length and cut into batches of at most <see cref="CrossEncoderRerankerOptions.MaxTokensPerBatch"/>
/// padded tokens (the library's one length-sorted batch planner and budget rule, see <see cref="TokenBudgets"/>), each
/// padded only to its own longest pair. One <see cref="InferenceSession"/> serves every caller:
/// <see cref="ScoreAsync"/> may run for several queries at once, with no lock around ONNX Runtime's <c>Run</c> (which is
/// thread-safe on one session). Each batch's inputs are written once into buffers rented from
/// <see cref="System.Buffers.ArrayPool{T}"/> for the whole call and read in place by ONNX Runtime (pinned, no managed
/// copy); the only allocations per passage are its token ids. Float32 and float16 logits (fp16 exports, see
/// <see cref="CrossEncoderRerankerOptions.PreferFp16"/>) are read. Scoring runs on the calling thread; cancellation is
/// honoured between batches and aborts a running batch.
/// </remarks>
public sealed class CrossEncoderReranker : IReranker, IRerankStatisticsSource, IDisposable
{
    private readonly OnnxModelSession _model;
    private readonly CrossEncoderSignature _signature;
    private readonly CrossEncoderRerankerOptions _options;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly RerankStatistics _statistics = new();
    private readonly BatchLimits _batchLimits;

    private CrossEncoderReranker(OnnxModelSession model, CrossEncoderSignature signature, IPairEncoder encoder,
        CrossEncoderRerankerOptions options, RerankerDescription description, CrossEncoderModelFiles files)
    {
        _model = model;
        _signature = signature;
        _options = options;
        Encoder = encoder;
        Description = description;
        Files = files;
        _inputNames = signature.HasTokenTypeIds
            ? [CrossEncoderSignature.InputIds, CrossEncoderSignature.AttentionMask, CrossEncoderSignature.TokenTypeIds]
            : [CrossEncoderSignature.InputIds, CrossEncoderSignature.AttentionMask];
        _outputNames = [signature.OutputName];
        _batchLimits = new BatchLimits(TokenBudgets.Resolve(options.MaxTokensPerBatch, model)) { MaxBatchSize = options.MaxBatchSize ?? int.MaxValue };
    }

    /// <summary>Raised (on the scoring thread) once per query whose own tokens had to be cut.</summary>
    public event EventHandler<QueryTruncatedEventArgs>? QueryTruncated;

    /// <inheritdoc />
    public RerankerDescription Description { get; }

    /// <inheritdoc />
    public RerankStatistics Statistics => _statistics;

    /// <summary>The pair encoder (tokenizer and truncation rules) this reranker feeds the model with.</summary>
    internal IPairEncoder Encoder { get; }

    /// <summary>The model files in use.</summary>
    internal CrossEncoderModelFiles Files { get; }

    /// <summary>The open ONNX Runtime session (for benchmarks that compare with a bare <c>Run</c>).</summary>
    internal InferenceSession Session => _model.Session;

    /// <summary>Padded tokens per ONNX Runtime call: <see cref="CrossEncoderRerankerOptions.MaxTokensPerBatch"/>, else the session's budget.</summary>
    internal int TokenBudget => (int)_batchLimits.TokenBudget;

    /// <summary>Whether the model takes <c>token_type_ids</c>.</summary>
    internal bool FeedsTokenTypeIds => _signature.HasTokenTypeIds;

    /// <summary>
    /// Opens a model directory as downloaded from Hugging Face (see <see cref="CrossEncoderModelFiles.Locate"/>).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">The ONNX model or the tokenizer vocabulary is missing.</exception>
    /// <exception cref="InvalidDataException">A file is unreadable or does not fit a cross-encoder; the message names it.</exception>
    /// <exception cref="ArgumentException">An option is out of range or does not fit the model (for example a MaxLength beyond its positions).</exception>
    /// <exception cref="ExecutionProviderUnavailableException">CUDA was asked for but this ONNX Runtime lacks it.</exception>
    public static CrossEncoderReranker Create(string modelDirectory, CrossEncoderRerankerOptions? options = null)
    {
        options ??= new CrossEncoderRerankerOptions();
        ValidateOptions(options);
        var files = CrossEncoderModelFiles.Locate(modelDirectory, options.PreferQuantized, options.PreferFp16);
        var config = files.ConfigPath is null ? null : BertModelConfig.Load(files.ConfigPath);
        var tokenizer = PairTokenizerLoader.Load(files.VocabularyPath, files.TokenizerJsonPath, files.TokenizerConfigPath,
            files.SentencePieceModelPath, config?.ModelType, files.ConfigPath);
        var embeddingRows = OnnxInitializerShapes.WordEmbeddingRows(files.ModelPath);
        CheckVocabulary(tokenizer, config, files, embeddingRows);
        var maxLength = ResolveMaxLength(options, tokenizer, config, files);
        var specialTokens = tokenizer.SpecialTokensPerPair;
        if (maxLength < specialTokens + 2)
        {
            throw new ArgumentException($"MaxLength must be at least {specialTokens + 2} for this model's pairs.", nameof(options));
        }

        if (options.MinPassageTokens > maxLength - specialTokens - 1)
        {
            throw new ArgumentException(
                $"MinPassageTokens {options.MinPassageTokens} leaves no room for a query at maximum length {maxLength}.", nameof(options));
        }

        if (options.Chunking.ChunkSize is { } chunkSize && chunkSize > maxLength - specialTokens)
        {
            throw new ArgumentException(
                $"Chunking.ChunkSize {chunkSize} does not fit the model's window: a pair holds at most {maxLength - specialTokens} passage " +
                $"tokens (maximum length {maxLength} less {specialTokens} special tokens), before the query's.", nameof(options));
        }

        var encoder = tokenizer.CreateEncoder(maxLength, options.MinPassageTokens);
        var model = OnnxSessionFactory.Create(files.ModelPath, options.OnnxRuntime);
        try
        {
            var signature = CrossEncoderSignature.Read(model.Session, files.ModelPath);
            if (signature.LabelCount is { } labels && config?.LabelCount is { } configLabels && labels != configLabels)
            {
                throw new InvalidDataException(
                    $"{files.ConfigPath} says the model has {configLabels} labels but {files.ModelPath} outputs {labels}.");
            }

            var labelCount = signature.LabelCount ?? config?.LabelCount;
            var description = new RerankerDescription
            {
                Name = options.Name ?? Path.GetFileName(files.Directory),
                MaxLength = maxLength,
                ScoreMeaning = ScoreMeaning(labelCount, options),
                ExecutionProvider = model.ActiveProvider,
                Notes =
                [
                    $"model {files.ModelPath}" + (signature.HalfPrecisionOutput ? " (float16 logits)" : ""),
                    tokenizer.Summary,
                    signature.HasTokenTypeIds ? "feeds token_type_ids" : "model takes no token_type_ids",
                    $"batches of at most {TokenBudgets.Resolve(options.MaxTokensPerBatch, model)} padded tokens" +
                    (options.MaxBatchSize is { } pairs ? $" and {pairs} pairs" : "") + " per run",
                    .. options.Chunking.Aggregation == ChunkAggregation.First && options.Chunking.ChunkSize is null
                        ? Array.Empty<string>() : [$"long passages chunked: {options.Chunking}"],
                    .. model.FallbackReason is { } reason ? [$"running on CPU instead of the requested provider: {reason}"] : Array.Empty<string>(),
                ],
            };
            return new CrossEncoderReranker(model, signature, encoder, options, description, files);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>Runs synchronously on the calling thread (the work is CPU-bound) and returns a completed task.</remarks>
    public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        return CompletedScores.Run(() => Score(query, passages, cancellationToken), cancellationToken);
    }

    /// <summary>Scores each passage against the query; one score per passage, same order. See <see cref="Description"/> for what a score means.</summary>
    /// <remarks>Passages longer than the model's window are read as <see cref="CrossEncoderRerankerOptions.Chunking"/> says.</remarks>
    public float[] Score(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default) =>
        ScoreChunks(query, passages, cancellationToken).Scores;

    /// <summary>
    /// Scores each passage and says which chunk decided each score (<c>null</c> choices under
    /// <see cref="ChunkAggregation.First"/>, where every passage is one pair). Under chunking the choices are also
    /// reported to the current rescoring (<see cref="RerankCallScope"/>) for its <c>Explain</c>.
    /// </summary>
    internal (float[] Scores, PassageChunkChoice[]? Choices) ScoreChunks(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passages);
        cancellationToken.ThrowIfCancellationRequested();
        if (passages.Count == 0)
        {
            return ([], null);
        }

        var started = Stopwatch.GetTimestamp();
        var encodedQuery = Encoder.EncodeQuery(query);
        if (encodedQuery.IsTruncated)
        {
            QueryTruncated?.Invoke(this, new QueryTruncatedEventArgs(query, encodedQuery.Ids.Length, Encoder.MaxLength));
            _statistics.AddTruncations(1);
        }

        var chunking = _options.Chunking;
        var chunker = PassageChunker.For(chunking, Encoder.PassageBudget(encodedQuery));
        var chunks = new List<EncodedPair>(passages.Count);
        var spans = new List<(int Start, int End)>(passages.Count);
        var lengths = new List<int>(passages.Count);
        var firstChunk = new int[passages.Count + 1];
        var cut = new bool[passages.Count];
        var truncations = encodedQuery.IsTruncated ? passages.Count : 0;
        for (var i = 0; i < passages.Count; i++)
        {
            var passage = passages[i] ?? throw new ArgumentException($"passages[{i}] is null.", nameof(passages));
            var truncated = false;
            var passageIds = Encoder is PairEncoder rules
                ? rules.EncodeText(passage, chunker.TokensToRead, out truncated)
                : Encoder.EncodeText(passage, chunker.TokensToRead);
            firstChunk[i] = chunks.Count;
            foreach (var span in chunker.Spans(passageIds.Length))
            {
                var length = encodedQuery.Ids.Length + span.End - span.Start + Encoder.SpecialTokenCount;
                chunks.Add(new EncodedPair(encodedQuery.Ids, passageIds.AsMemory(span.Start, span.End - span.Start), length));
                spans.Add(span);
                lengths.Add(length);
            }

            cut[i] = truncated;
            truncations += cut[i] && !encodedQuery.IsTruncated ? 1 : 0;
        }

        firstChunk[passages.Count] = chunks.Count;
        var batches = LengthBatchPlanner.Plan(lengths, _batchLimits);
        _statistics.AddTruncations(truncations);
        _statistics.AddTokenization(Stopwatch.GetTimestamp() - started);

        var chunkScores = RunBatches(chunks, batches, cancellationToken);
        _statistics.AddPassages(passages.Count);
        _statistics.AddChunks(chunks.Count);
        if (chunking.Aggregation == ChunkAggregation.First)
        {
            return (chunkScores, null);
        }

        var scores = new float[passages.Count];
        var choices = new PassageChunkChoice[passages.Count];
        for (var i = 0; i < passages.Count; i++)
        {
            var from = firstChunk[i];
            var count = firstChunk[i + 1] - from;
            var (score, combined) = ChunkScoreCombiner.Combine(chunkScores.AsSpan(from, count), chunking.Aggregation, chunking.TopK);
            scores[i] = score;
            var best = combined[0];
            choices[i] = new PassageChunkChoice
            {
                Aggregation = chunking.Aggregation,
                ChunkIndex = best,
                ChunkCount = count,
                TokenStart = spans[from + best].Start,
                TokenEnd = spans[from + best].End,
                ChunkScore = chunkScores[from + best],
                CombinedChunks = combined,
                PassageCut = cut[i],
            };
        }

        RerankCallScope.ReportChunkChoices(passages, choices);
        return (scores, choices);
    }

    /// <summary>
    /// Tokenizes <paramref name="passages"/> against <paramref name="query"/> with the truncation rules of
    /// <see cref="Score"/>, for <see cref="ScoreEncoded"/> (a server that batches pairs of several queries together).
    /// Only for <see cref="ChunkAggregation.First"/> (one pair per passage); <see cref="ReadsOnePairPerPassage"/> says.
    /// </summary>
    /// <exception cref="InvalidOperationException">The reranker chunks long passages (max or mean-top-k).</exception>
    internal EncodedPair[] Encode(string query, IReadOnlyList<string> passages)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passages);
        if (!ReadsOnePairPerPassage)
        {
            throw new InvalidOperationException(
                $"This cross-encoder reads long passages as several chunks ({_options.Chunking}); score them with Score, not pair by pair.");
        }

        var started = Stopwatch.GetTimestamp();
        var encodedQuery = Encoder.EncodeQuery(query);
        if (encodedQuery.IsTruncated)
        {
            QueryTruncated?.Invoke(this, new QueryTruncatedEventArgs(query, encodedQuery.Ids.Length, Encoder.MaxLength));
            _statistics.AddTruncations(1);
        }

        var tokensToRead = PassageChunker.For(_options.Chunking, Encoder.PassageBudget(encodedQuery)).TokensToRead;
        var pairs = new EncodedPair[passages.Count];
        var truncations = encodedQuery.IsTruncated ? passages.Count : 0;
        for (var i = 0; i < passages.Count; i++)
        {
            var passage = passages[i] ?? throw new ArgumentException($"passages[{i}] is null.", nameof(passages));
            var truncated = false;
            var passageIds = Encoder is PairEncoder rules
                ? rules.EncodeText(passage, tokensToRead, out truncated)
                : Encoder.EncodeText(passage, tokensToRead);
            pairs[i] = new EncodedPair(encodedQuery.Ids, passageIds, encodedQuery.Ids.Length + passageIds.Length + Encoder.SpecialTokenCount);
            truncations += truncated && !encodedQuery.IsTruncated ? 1 : 0;
        }

        _statistics.AddTruncations(truncations);
        _statistics.AddTokenization(Stopwatch.GetTimestamp() - started);
        return pairs;
    }

    /// <summary>
    /// Whether each passage is read as one pair (<see cref="ChunkAggregation.First"/>), so that pairs from
    /// <see cref="Encode"/> may be batched with other queries' pairs and scored by <see cref="ScoreEncoded"/>.
    /// </summary>
    internal bool ReadsOnePairPerPassage => _options.Chunking.Aggregation == ChunkAggregation.First;

    /// <summary>
    /// Scores pairs from <see cref="Encode"/> (of any queries) in ONE model run padded to the longest pair; the caller
    /// keeps the batch within <see cref="TokenBudget"/>. One score per pair, same order.
    /// </summary>
    internal float[] ScoreEncoded(IReadOnlyList<EncodedPair> pairs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        cancellationToken.ThrowIfCancellationRequested();
        if (pairs.Count == 0)
        {
            return [];
        }

        var batch = new int[pairs.Count];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = i;
        }

        Array.Sort(batch, (a, b) => pairs[b].Length.CompareTo(pairs[a].Length));
        var scores = RunBatches(pairs, [batch], cancellationToken);
        _statistics.AddPassages(pairs.Count);
        _statistics.AddChunks(pairs.Count);
        return scores;
    }

    /// <summary>Runs each batch (indices into <paramref name="pairs"/>, longest first) and returns one score per pair.</summary>
    private float[] RunBatches(IReadOnlyList<EncodedPair> pairs, List<int[]> batches, CancellationToken cancellationToken)
    {
        var scores = new float[pairs.Count];
        var capacity = batches.Max(b => b.Length * pairs[b[0]].Length);
        var ids = ArrayPool<long>.Shared.Rent(capacity);
        var mask = ArrayPool<long>.Shared.Rent(capacity);
        var types = _signature.HasTokenTypeIds ? ArrayPool<long>.Shared.Rent(capacity) : null;
        try
        {
            foreach (var batch in batches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sequenceLength = pairs[batch[0]].Length;
                var realTokens = FillBatch(pairs, batch, sequenceLength, ids, mask, types);
                RunBatch(batch, sequenceLength, ids, mask, types, scores, cancellationToken);
                _statistics.AddForwardPasses(batch.Length, realTokens);
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(mask);
            if (types is not null)
            {
                ArrayPool<long>.Shared.Return(types);
            }
        }

        return scores;
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();

    /// <summary>Writes the batch's pairs, padded to <paramref name="sequenceLength"/>; returns the real (unpadded) tokens.</summary>
    private long FillBatch(IReadOnlyList<EncodedPair> pairs, ReadOnlySpan<int> batch, int sequenceLength, long[] ids, long[] mask, long[]? types)
    {
        long realTokens = 0;
        for (var row = 0; row < batch.Length; row++)
        {
            var rowIds = ids.AsSpan(row * sequenceLength, sequenceLength);
            var rowTypes = types is null ? Span<long>.Empty : types.AsSpan(row * sequenceLength, sequenceLength);
            var pair = pairs[batch[row]];
            var length = Encoder.WritePair(pair.QueryIds, pair.PassageIds.Span, rowIds, rowTypes);
            rowIds[length..].Fill(Encoder.PaddingTokenId);
            var rowMask = mask.AsSpan(row * sequenceLength, sequenceLength);
            rowMask[..length].Fill(1);
            rowMask[length..].Fill(0);
            if (!rowTypes.IsEmpty)
            {
                rowTypes[length..].Fill(0);
            }

            realTokens += length;
        }

        return realTokens;
    }

    private void RunBatch(ReadOnlySpan<int> batch, int sequenceLength, long[] ids, long[] mask, long[]? types, float[] scores, CancellationToken cancellationToken)
    {
        var length = batch.Length * sequenceLength;
        long[] shape = [batch.Length, sequenceLength];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids.AsMemory(0, length), shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, length), shape);
        using var typesValue = types is null ? null : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, types.AsMemory(0, length), shape);
        OrtValue[] inputs = typesValue is null ? [idsValue, maskValue] : [idsValue, maskValue, typesValue];

        using var runOptions = new RunOptions();
        using var cancellation = cancellationToken.Register(() => runOptions.Terminate = true);
        var started = Stopwatch.GetTimestamp();
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = _model.Session.Run(runOptions, _inputNames, inputs, _outputNames);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("Scoring was cancelled during a model run.", cancellationToken);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException(
                $"ONNX Runtime failed on a batch of {batch.Length} pairs × {sequenceLength} tokens with {Files.ModelPath}: {e.Message}", e);
        }

        using (outputs)
        {
            _statistics.AddInference(Stopwatch.GetTimestamp() - started);
            var logits = outputs[0];
            var outputShape = logits.GetTensorTypeAndShape().Shape;
            if (outputShape.Length != 2 || outputShape[0] != batch.Length || outputShape[1] is not (1 or 2))
            {
                throw new InvalidDataException(
                    $"{Files.ModelPath} returned '{_signature.OutputName}' of shape [{string.Join(", ", outputShape)}] " +
                    $"for {batch.Length} pairs; a cross-encoder returns [{batch.Length}, 1] or [{batch.Length}, 2].");
            }

            var labels = (int)outputShape[1];
            if (_signature.HalfPrecisionOutput)
            {
                var half = logits.GetTensorDataAsSpan<Float16>();
                Span<float> widened = stackalloc float[2];
                for (var row = 0; row < batch.Length; row++)
                {
                    for (var label = 0; label < labels; label++)
                    {
                        widened[label] = half[(row * labels) + label].ToFloat();
                    }

                    scores[batch[row]] = ToScore(widened[..labels]);
                }
            }
            else
            {
                var values = logits.GetTensorDataAsSpan<float>();
                for (var row = 0; row < batch.Length; row++)
                {
                    scores[batch[row]] = ToScore(values.Slice(row * labels, labels));
                }
            }
        }
    }

    private float ToScore(ReadOnlySpan<float> logits)
    {
        if (logits.Length == 1)
        {
            return _options.ApplySigmoid ? Sigmoid(logits[0]) : logits[0];
        }

        var positive = logits[_options.PositiveLabel];
        var negative = logits[1 - _options.PositiveLabel];
        return _options.TwoLabelScore == TwoLabelScore.PositiveLogit ? positive : Sigmoid(positive - negative);
    }

    private static float Sigmoid(float x) => (float)(1.0 / (1.0 + Math.Exp(-x)));

    private static string ScoreMeaning(int? labels, CrossEncoderRerankerOptions options) => labels switch
    {
        1 when options.ApplySigmoid => "sigmoid of the model's relevance logit, in (0, 1); higher is more relevant",
        1 => "raw relevance logit of the model (unbounded); higher is more relevant",
        2 when options.TwoLabelScore == TwoLabelScore.PositiveLogit =>
            $"raw logit of the relevant label (index {options.PositiveLabel}) of a two-label model; higher is more relevant",
        2 => $"softmax probability of the relevant label (index {options.PositiveLabel}) of a two-label model, in [0, 1]; higher is more relevant",
        _ => "one-label models: raw relevance logit" + (options.ApplySigmoid ? " through a sigmoid" : "") +
             "; two-label models: " + (options.TwoLabelScore == TwoLabelScore.PositiveLogit ? "logit" : "softmax probability") +
             $" of label {options.PositiveLabel}; higher is more relevant",
    };

    private static void ValidateOptions(CrossEncoderRerankerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.OnnxRuntime, nameof(options.OnnxRuntime));
        if (options.MaxTokensPerBatch is < 1 || options.MaxBatchSize is < 1 || options.MinPassageTokens < 0)
        {
            throw new ArgumentException("MaxTokensPerBatch and MaxBatchSize must be at least 1 and MinPassageTokens at least 0.", nameof(options));
        }

        ArgumentNullException.ThrowIfNull(options.Chunking, nameof(options.Chunking));
        if (options.Chunking is { ChunkSize: { } size, ChunkStride: { } stride } && stride > size)
        {
            throw new ArgumentException(
                $"Chunking.ChunkStride {stride} is larger than Chunking.ChunkSize {size}: the tokens between chunks would never be read.", nameof(options));
        }

        if (options.PreferQuantized && options.PreferFp16)
        {
            throw new ArgumentException("PreferQuantized and PreferFp16 exclude each other: choose one model variant.", nameof(options));
        }

        if (options.PositiveLabel is not (0 or 1))
        {
            // Checked here, not only for models whose ONNX output says it has two labels: one that leaves the label
            // dimension dynamic would otherwise fail while scoring.
            throw new ArgumentException(
                $"PositiveLabel must be 0 or 1 (the relevant label of a two-label model), not {options.PositiveLabel}.", nameof(options));
        }

        if (options.MaxLength is < BertPairEncoder.SpecialTokensPerPair + 2)
        {
            throw new ArgumentException($"MaxLength must be at least {BertPairEncoder.SpecialTokensPerPair + 2}.", nameof(options));
        }
    }

    private static void CheckVocabulary(LoadedPairTokenizer tokenizer, BertModelConfig? config, CrossEncoderModelFiles files, int? embeddingRows)
    {
        if (embeddingRows is { } rows && tokenizer.VocabularySize > rows)
        {
            throw new InvalidDataException(
                $"{tokenizer.SourcePath} has {tokenizer.VocabularySize} tokens but the word embedding of {files.ModelPath} has " +
                $"{rows} rows: the tokenizer does not belong to this model.");
        }

        if (config?.VocabularySize is { } size && tokenizer.VocabularySize > size)
        {
            throw new InvalidDataException(
                $"{tokenizer.SourcePath} has {tokenizer.VocabularySize} tokens but {files.ConfigPath} gives the model a " +
                $"vocabulary of {size} (vocab_size): the tokenizer does not belong to this model.");
        }
    }

    private static int ResolveMaxLength(CrossEncoderRerankerOptions options, LoadedPairTokenizer tokenizer, BertModelConfig? config, CrossEncoderModelFiles files)
    {
        // RoBERTa-family models number positions from padding id + 1, so some position embeddings hold no token.
        var positions = config?.MaxPositionEmbeddings - tokenizer.ReservedPositions;
        if (options.MaxLength is { } requested)
        {
            if (positions is { } p && requested > p)
            {
                throw new ArgumentException(
                    $"MaxLength {requested} exceeds the {p} tokens the model's position embeddings hold (max_position_embeddings " +
                    $"{config!.MaxPositionEmbeddings} in {files.ConfigPath}" + (tokenizer.ReservedPositions > 0 ? $", less {tokenizer.ReservedPositions} reserved)." : ")."),
                    nameof(options));
            }

            return requested;
        }

        var length = tokenizer.ModelMaxLength ?? positions ?? 512;
        return positions is { } max ? Math.Min(length, max) : length;
    }
}
