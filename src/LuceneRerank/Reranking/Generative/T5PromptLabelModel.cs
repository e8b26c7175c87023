using LuceneRerank.Models;
using LuceneRerank.Onnx;
using LuceneRerank.Reranking.T5;
using LuceneRerank.Text;

namespace LuceneRerank.Reranking.Generative;

/// <summary>
/// A T5 encoder-decoder (for example Flan-T5, as the PRP paper used) as an <see cref="IPromptLabelModel"/>: the
/// prompt goes to the encoder (end-of-sentence appended) and the label logits are read at the first decoder step.
/// Batches are sized by a token budget.
/// </summary>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed class T5PromptLabelModel : IPromptLabelModel, IDisposable
{
    private readonly T5EncoderDecoderModel _model;
    private readonly int _decoderStartTokenId;
    private readonly BatchLimits _batchLimits;

    private T5PromptLabelModel(string name, T5SentencePieceTokenizer tokenizer, T5EncoderDecoderModel model, int maxLength, int decoderStartTokenId, BatchLimits batchLimits)
    {
        Name = name;
        Tokenizer = tokenizer;
        _model = model;
        MaxLength = maxLength;
        _decoderStartTokenId = decoderStartTokenId;
        _batchLimits = batchLimits;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The model's SentencePiece tokenizer.</summary>
    internal T5SentencePieceTokenizer Tokenizer { get; }

    /// <inheritdoc />
    public int MaxLength { get; }

    /// <inheritdoc />
    public string ExecutionProvider => _model.ActiveProvider;

    /// <inheritdoc />
    public string MemoryNote =>
        $"batches of at most {_batchLimits.TokenBudget} padded encoder tokens; logits [batch, 1, {_model.VocabularySize?.ToString() ?? "vocabulary"}] floats per call";

    /// <summary>
    /// Opens the encoder, decoder and tokenizer named by <paramref name="files"/> in <paramref name="modelDirectory"/>.
    /// Throws as <see cref="T5EncoderDecoderModel.Load"/> and <see cref="T5SentencePieceTokenizer.Load"/> do.
    /// </summary>
    /// <param name="modelDirectory">The model folder.</param>
    /// <param name="name">The model's name.</param>
    /// <param name="maxLength">Longest encoder input in tokens (Flan-T5 was trained with 512; its relative positions allow more).</param>
    /// <param name="files">File names; default optimum's.</param>
    /// <param name="extraIds">Sentinel tokens after the vocabulary (T5: 100).</param>
    /// <param name="decoderStartTokenId">The decoder's first input (T5: 0).</param>
    /// <param name="tokenBudget">
    /// Most padded encoder tokens per ONNX Runtime call; null: <see cref="OnnxRuntimeOptions.TokenBudget"/> when set,
    /// else <see cref="TokenBudgets.Default"/> for the provider in use (as every runner).
    /// </param>
    /// <param name="options">ONNX Runtime options; default CPU.</param>
    public static T5PromptLabelModel Load(
        string modelDirectory, string name, int maxLength = 512, T5ModelFiles? files = null, int extraIds = 100,
        int decoderStartTokenId = 0, int? tokenBudget = null, OnnxRuntimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        files ??= new T5ModelFiles();
        var tokenizer = T5SentencePieceTokenizer.Load(Path.Combine(modelDirectory, files.Tokenizer), extraIds);
        var model = T5EncoderDecoderModel.Load(
            Path.Combine(modelDirectory, files.Encoder), Path.Combine(modelDirectory, files.Decoder), options ?? new OnnxRuntimeOptions());
        try
        {
            return new T5PromptLabelModel(name, tokenizer, model, maxLength, decoderStartTokenId, new BatchLimits(model.ResolveTokenBudget(tokenBudget)));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens the T5 model of an <c>llm-listwise</c> or <c>llm-pairwise</c> manifest as it declares: <c>maxLength</c>,
    /// the files with roles <c>encoder</c>, <c>decoder</c> and <c>tokenizer</c> (default optimum's names), and
    /// <c>extra.decoderStartTokenId</c> (0), <c>extra.extraIds</c> (100) and <c>extra.tokenBudget</c> (default: the
    /// provider's budget, see <see cref="Onnx.TokenBudgets"/>).
    /// </summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="modelDirectory">The model folder.</param>
    /// <param name="files">File names overriding the manifest's (for a layout a manifest cannot name, such as a shared tokenizer one folder up).</param>
    /// <param name="options">ONNX Runtime options; default CPU.</param>
    /// <exception cref="InvalidDataException">Another kind, or an <c>extra</c> value that is not a non-negative integer (tokenBudget: at least maxLength); the message names the model and the key.</exception>
    public static T5PromptLabelModel Load(ModelManifest manifest, string modelDirectory, T5ModelFiles? files = null, OnnxRuntimeOptions? options = null) =>
        Load(manifest, modelDirectory, files, options, maxLengthOverride: null, tokenBudgetOverride: null);

    /// <summary>The encoder, decoder and tokenizer files a manifest names by role (optimum's names for roles it lacks).</summary>
    internal static T5ModelFiles FilesOf(ModelManifest manifest)
    {
        var defaults = new T5ModelFiles();
        return new T5ModelFiles
        {
            Encoder = T5RerankerSettings.FileWithRole(manifest, "encoder") ?? defaults.Encoder,
            Decoder = T5RerankerSettings.FileWithRole(manifest, "decoder") ?? defaults.Decoder,
            Tokenizer = T5RerankerSettings.FileWithRole(manifest, "tokenizer") ?? defaults.Tokenizer,
        };
    }

    /// <summary>
    /// As <see cref="Load(ModelManifest, string, T5ModelFiles?, OnnxRuntimeOptions?)"/>, with a caller's maximum
    /// length (at most the manifest's) and token budget taking the place of the manifest's (<c>Rerankers.Open</c>).
    /// </summary>
    internal static T5PromptLabelModel Load(
        ModelManifest manifest, string modelDirectory, T5ModelFiles? files, OnnxRuntimeOptions? options, int? maxLengthOverride, int? tokenBudgetOverride)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Kind is not (ModelKinds.LlmListwise or ModelKinds.LlmPairwise))
        {
            throw new InvalidDataException(
                $"model manifest '{manifest.Name}' is of kind {manifest.Kind}; a T5 prompt label model reads llm-listwise or llm-pairwise manifests.");
        }

        files ??= FilesOf(manifest);
        var maxLength = maxLengthOverride ?? manifest.MaxLength;
        var decoderStart = T5RerankerSettings.ExtraInt(manifest, "decoderStartTokenId", 0);
        var extraIds = T5RerankerSettings.ExtraInt(manifest, "extraIds", 100);
        var tokenBudget = tokenBudgetOverride ?? T5RerankerSettings.ExtraOptionalInt(manifest, "tokenBudget");
        if (decoderStart < 0 || extraIds < 0 || tokenBudget < maxLength)
        {
            throw new InvalidDataException(
                $"model manifest '{manifest.Name}': extra.decoderStartTokenId ({decoderStart}) and extra.extraIds ({extraIds}) must not be negative, " +
                (tokenBudgetOverride is null
                    ? $"and extra.tokenBudget ({tokenBudget?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unset"}) must be at least "
                    : $"and the token budget asked for ({tokenBudget}) must be at least ") +
                (maxLengthOverride is null ? $"maxLength ({maxLength})." : $"the maximum length asked for ({maxLength})."));
        }

        return Load(modelDirectory, manifest.Name, maxLength, files, extraIds, decoderStart, tokenBudget, options);
    }

    /// <summary>The decoder's first input id.</summary>
    internal int DecoderStartTokenId => _decoderStartTokenId;

    /// <summary>Most padded encoder tokens per ONNX Runtime call (the resolved budget).</summary>
    internal long TokenBudget => _batchLimits.TokenBudget;

    /// <inheritdoc />
    public int? SingleTokenId(string label) => Tokenizer.TryGetSingleTokenId(label, out var id) ? id : null;

    /// <inheritdoc />
    public int[] Encode(string prompt) => Tokenizer.Encode(prompt);

    /// <inheritdoc />
    public string TruncateToTokens(string text, int maxTokens) => Tokenizer.TruncateToTokens(text, maxTokens);

    /// <inheritdoc />
    public float[][] LabelLogits(IReadOnlyList<int[]> prompts, IReadOnlyList<int> labelIds, RerankStatistics statistics, CancellationToken cancellationToken)
    {
        var results = new float[prompts.Count][];
        foreach (var batch in LengthBatchPlanner.Plan(prompts.Select(p => p.Length).ToArray(), _batchLimits))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var logits = _model.FirstStepLogits(batch.Select(i => prompts[i]).ToArray(), 0, _decoderStartTokenId, labelIds, statistics, cancellationToken);
            for (var k = 0; k < batch.Length; k++)
            {
                results[batch[k]] = logits[k];
            }
        }

        return results;
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}
