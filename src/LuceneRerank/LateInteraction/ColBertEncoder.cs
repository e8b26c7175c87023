using System.Buffers;
using System.Numerics.Tensors;
using LuceneRerank.Models;
using LuceneRerank.Onnx;
using LuceneRerank.Reranking;
using LuceneRerank.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LuceneRerank.LateInteraction;

/// <summary>
/// A ColBERT encoder on ONNX Runtime: turns a query or a document into <see cref="TokenEmbeddings"/> for
/// <see cref="MaxSim"/>. Reads Stanford ColBERT (<c>artifact.metadata</c>, for example <c>colbert-ir/colbertv2.0</c>
/// exported to <c>model.onnx</c>) and PyLate (<c>config_sentence_transformers.json</c> and <c>onnx/model.onnx</c>, for
/// example <c>answerdotai/answerai-colbert-small-v1</c>) model directories; see <see cref="ColBertLayout"/>.
/// </summary>
/// <remarks>
/// Texts are encoded as <c>[CLS] marker tokens [SEP]</c> with the markers, lengths, query augmentation with
/// <c>[MASK]</c>, attention to the expansion tokens and the document skip-list (punctuation) all read from the model's
/// config file. The ONNX model takes <c>input_ids</c>, <c>attention_mask</c> and optionally <c>token_type_ids</c> (all
/// int64) and gives per-token vectors after the projection as its first output, shaped [batch, tokens, dimension];
/// every kept vector is L2-normalised here (a no-op when the export already normalises). Queries keep every vector
/// (expansion tokens included); documents drop the vectors of skip-listed tokens. Documents are sorted by length and
/// batched by padded tokens. Thread-safe: one ONNX Runtime session serves every caller.
/// </remarks>
public sealed class ColBertEncoder : IDisposable
{
    private readonly OnnxModelSession _model;
    private readonly ColBertTokenizer _tokenizer;
    private readonly string[] _inputNames;
    private readonly string _outputName;
    private readonly BatchLimits _batchLimits;

    private ColBertEncoder(OnnxModelSession model, ColBertTokenizer tokenizer, string[] inputNames, string outputName,
        int? stateDimension, ColBertModelFiles files, int? tokenBudget)
    {
        _model = model;
        _tokenizer = tokenizer;
        _inputNames = inputNames;
        _outputName = outputName;
        Files = files;
        _batchLimits = new BatchLimits(TokenBudgets.Resolve(tokenBudget, model));
        Dimension = stateDimension ?? EncodeQuery(string.Empty).Dimension;
    }

    /// <summary>Floats per token vector (the projection's output size).</summary>
    public int Dimension { get; }

    /// <summary>The layout whose config file was read.</summary>
    public ColBertLayout Layout => _tokenizer.Settings.Layout;

    /// <summary>Query tokens, markers and [MASK] expansion included.</summary>
    public int QueryLength => _tokenizer.QueryLength;

    /// <summary>Document tokens at most, markers included.</summary>
    public int DocumentLength => _tokenizer.DocumentLength;

    /// <summary>The execution provider in use, in words (for example <c>CPU</c>).</summary>
    public string ExecutionProvider => _model.ActiveProvider;

    /// <summary>What the encoder read from the model's files, in words (for descriptions and Explain).</summary>
    public IReadOnlyList<string> Notes { get; private init; } = [];

    /// <summary>The files in use.</summary>
    internal ColBertModelFiles Files { get; }

    /// <summary>The tokenizer (markers, augmentation, skip-list).</summary>
    internal ColBertTokenizer Tokenizer => _tokenizer;

    /// <summary>Opens a ColBERT model directory.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">The ONNX model, the vocabulary or the ColBERT config file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is unreadable, lacks a setting, or the files contradict each other; the message names the file and field.</exception>
    /// <exception cref="ArgumentException">An option is out of range or beyond the model's positions.</exception>
    public static ColBertEncoder Load(string modelDirectory, ColBertEncoderOptions? options = null)
    {
        options ??= new ColBertEncoderOptions();
        ArgumentNullException.ThrowIfNull(options.OnnxRuntime, nameof(options.OnnxRuntime));
        if (options.QueryLength is < 4 || options.DocumentLength is < 4)
        {
            throw new ArgumentException("QueryLength and DocumentLength must be at least 4 tokens ([CLS], marker, one token, [SEP]).", nameof(options));
        }

        if (options.MaxTokensPerBatch is < 1)
        {
            throw new ArgumentException($"MaxTokensPerBatch must be at least 1, not {options.MaxTokensPerBatch}.", nameof(options));
        }

        var files = ColBertModelFiles.Locate(modelDirectory);
        var settings = ColBertSettingsReader.Read(files, options.Layout);
        var config = files.ConfigPath is null ? null : BertModelConfig.Load(files.ConfigPath);
        var queryLength = options.QueryLength ?? settings.QueryLength;
        var documentLength = options.DocumentLength ?? settings.DocumentLength;
        if (config?.MaxPositionEmbeddings is { } positions && Math.Max(queryLength, documentLength) > positions)
        {
            throw new ArgumentException(
                $"The ColBERT lengths (query {queryLength}, document {documentLength} tokens) exceed the {positions} positions of the model " +
                $"(max_position_embeddings in {files.ConfigPath}).", nameof(options));
        }

        var bert = BertTokenizerLoader.Load(files.VocabularyPath, files.TokenizerJsonPath, files.TokenizerConfigPath);
        var vocabulary = ColBertVocabulary.Load(files.VocabularyPath, files.TokenizerJsonPath);
        var tokenizer = new ColBertTokenizer(bert, vocabulary, settings, queryLength, documentLength);
        var rows = OnnxInitializerShapes.WordEmbeddingRows(files.ModelPath);
        if (rows is { } embeddingRows && tokenizer.LargestMarkerId >= embeddingRows)
        {
            throw new InvalidDataException(
                $"The marker token ids ({tokenizer.QueryMarkerId}, {tokenizer.DocumentMarkerId}) are beyond the {embeddingRows} rows of the word " +
                $"embedding of {files.ModelPath}: the tokenizer does not belong to this model.");
        }

        var model = OnnxSessionFactory.Create(files.ModelPath, options.OnnxRuntime);
        try
        {
            var (inputs, output, dimension) = ReadSignature(model.Session, files.ModelPath);
            if (dimension is { } d && settings.Dimension is { } stated && d != stated)
            {
                throw new InvalidDataException($"{settings.SourcePath} says dim {stated} but {files.ModelPath} outputs {d}-dimensional token vectors.");
            }

            var encoder = new ColBertEncoder(model, tokenizer, inputs, output, dimension ?? settings.Dimension, files, options.MaxTokensPerBatch)
            {
                Notes =
                [
                    $"model {files.ModelPath}",
                    $"{settings.Layout} settings from {settings.SourcePath}" +
                    (settings.Defaulted.Count > 0 ? $" (published defaults for {string.Join(", ", settings.Defaulted)})" : ""),
                    $"query: [CLS] {settings.QueryMarker.Trim()} … [SEP], {queryLength} tokens" +
                    (settings.QueryExpansion ? $", [MASK] augmentation{(settings.AttendToExpansionTokens ? " (attended)" : " (not attended)")}" : ", no augmentation"),
                    $"document: [CLS] {settings.DocumentMarker.Trim()} … [SEP], at most {documentLength} tokens, {tokenizer.SkipIds.Count} skip-listed token ids",
                    $"{bert.SourcePath}, lower-case {bert.LowerCase}",
                ],
            };
            return encoder;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The query's token embeddings: one row per query token, the [MASK] expansion included.</summary>
    public TokenEmbeddings EncodeQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (ids, mask) = _tokenizer.EncodeQuery(query, out _);
        var values = Run(ids, mask, 1, ids.Length, CancellationToken.None);
        var dimension = values.Length / ids.Length;
        Normalize(values, dimension);
        return new TokenEmbeddings(values, ids.Length, dimension);
    }

    /// <summary>
    /// Each document's token embeddings, in the order given: one row per token that is not skip-listed ([CLS], the
    /// marker and [SEP] included, as ColBERT keeps them).
    /// </summary>
    public IReadOnlyList<TokenEmbeddings> EncodeDocuments(IReadOnlyList<string> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var ids = new long[documents.Count][];
        var lengths = new int[documents.Count];
        for (var i = 0; i < documents.Count; i++)
        {
            ids[i] = _tokenizer.EncodeDocument(documents[i] ?? throw new ArgumentException($"documents[{i}] is null.", nameof(documents)));
            lengths[i] = ids[i].Length;
        }

        var results = new TokenEmbeddings[documents.Count];
        if (documents.Count == 0)
        {
            return results;
        }

        foreach (var batch in LengthBatchPlanner.Plan(lengths, _batchLimits))
        {
            cancellationToken.ThrowIfCancellationRequested();
            EncodeBatch(batch, ids, results, cancellationToken);
        }

        return results;
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();

    private void EncodeBatch(int[] batch, long[][] documentIds, TokenEmbeddings[] results, CancellationToken cancellationToken)
    {
        var sequenceLength = documentIds[batch[0]].Length;
        var size = batch.Length * sequenceLength;
        var ids = ArrayPool<long>.Shared.Rent(size);
        var mask = ArrayPool<long>.Shared.Rent(size);
        try
        {
            for (var row = 0; row < batch.Length; row++)
            {
                var source = documentIds[batch[row]];
                var target = ids.AsSpan(row * sequenceLength, sequenceLength);
                for (var t = 0; t < source.Length; t++)
                {
                    target[t] = source[t];
                }

                target[source.Length..].Fill(_tokenizer.PaddingId);
                var rowMask = mask.AsSpan(row * sequenceLength, sequenceLength);
                rowMask[..source.Length].Fill(1);
                rowMask[source.Length..].Fill(0);
            }

            var values = Run(ids.AsMemory(0, size), mask.AsMemory(0, size), batch.Length, sequenceLength, cancellationToken);
            var dimension = values.Length / size;
            for (var row = 0; row < batch.Length; row++)
            {
                var source = documentIds[batch[row]];
                var kept = 0;
                foreach (var id in source)
                {
                    kept += _tokenizer.KeepsDocumentToken(id) ? 1 : 0;
                }

                var rowValues = new float[kept * dimension];
                var written = 0;
                for (var t = 0; t < source.Length; t++)
                {
                    if (_tokenizer.KeepsDocumentToken(source[t]))
                    {
                        values.AsSpan(((row * sequenceLength) + t) * dimension, dimension).CopyTo(rowValues.AsSpan(written * dimension));
                        written++;
                    }
                }

                Normalize(rowValues, dimension);
                results[batch[row]] = new TokenEmbeddings(rowValues, kept, dimension);
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(mask);
        }
    }

    /// <summary>Runs the model on a [rows, length] batch; returns the output's floats ([rows, length, dimension]).</summary>
    private float[] Run(Memory<long> ids, Memory<long> mask, int rows, int length, CancellationToken cancellationToken)
    {
        long[] shape = [rows, length];
        var types = _inputNames.Length == 3 ? new long[rows * length] : null;
        using var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask, shape);
        using var typesValue = types is null ? null : OrtValue.CreateTensorValueFromMemory(types, shape);
        OrtValue[] inputs = typesValue is null ? [idsValue, maskValue] : [idsValue, maskValue, typesValue];
        using var runOptions = new RunOptions();
        using var cancellation = cancellationToken.Register(() => runOptions.Terminate = true);
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = _model.Session.Run(runOptions, _inputNames, inputs, [_outputName]);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("Encoding was cancelled during a model run.", cancellationToken);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"ONNX Runtime failed on a batch of {rows} × {length} tokens with {Files.ModelPath}: {e.Message}", e);
        }

        using (outputs)
        {
            var output = outputs[0];
            var outputShape = output.GetTensorTypeAndShape().Shape;
            if (outputShape.Length != 3 || outputShape[0] != rows || outputShape[1] != length || outputShape[2] < 1)
            {
                throw new InvalidDataException(
                    $"{Files.ModelPath} returned '{_outputName}' of shape [{string.Join(", ", outputShape)}] for [{rows}, {length}] tokens; " +
                    $"a ColBERT model returns [{rows}, {length}, dimension].");
            }

            if (output.GetTensorTypeAndShape().ElementDataType == TensorElementType.Float16)
            {
                var half = output.GetTensorDataAsSpan<Float16>();
                var widened = new float[half.Length];
                for (var i = 0; i < half.Length; i++)
                {
                    widened[i] = half[i].ToFloat();
                }

                return widened;
            }

            return output.GetTensorDataAsSpan<float>().ToArray();
        }
    }

    private static void Normalize(float[] values, int dimension)
    {
        for (var offset = 0; offset < values.Length; offset += dimension)
        {
            var row = values.AsSpan(offset, dimension);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0f)
            {
                TensorPrimitives.Divide(row, norm, row);
            }
        }
    }

    private static (string[] Inputs, string Output, int? Dimension) ReadSignature(InferenceSession session, string path)
    {
        var inputs = session.InputMetadata;
        foreach (var required in new[] { "input_ids", "attention_mask" })
        {
            if (!inputs.TryGetValue(required, out var metadata) || metadata.ElementDataType != TensorElementType.Int64)
            {
                throw new InvalidDataException(
                    $"{path} has no int64 input '{required}'; a ColBERT export takes input_ids, attention_mask and optionally token_type_ids " +
                    $"(its inputs: {string.Join(", ", inputs.Keys)}).");
            }
        }

        var unknown = inputs.Keys.Where(name => name is not ("input_ids" or "attention_mask" or "token_type_ids")).ToArray();
        if (unknown.Length > 0)
        {
            throw new InvalidDataException($"{path} takes inputs a ColBERT encoder does not feed: {string.Join(", ", unknown)}.");
        }

        string[] names = inputs.ContainsKey("token_type_ids") ? ["input_ids", "attention_mask", "token_type_ids"] : ["input_ids", "attention_mask"];
        var (outputName, output) = session.OutputMetadata.First();
        if (!output.IsTensor || output.ElementDataType is not (TensorElementType.Float or TensorElementType.Float16) || output.Dimensions.Length != 3)
        {
            throw new InvalidDataException(
                $"{path}: the first output '{outputName}' is {output.ElementDataType} of rank {output.Dimensions.Length}; a ColBERT export gives float " +
                "token vectors of shape [batch, tokens, dimension].");
        }

        return (names, outputName, output.Dimensions[2] > 0 ? output.Dimensions[2] : null);
    }
}
