using System.Diagnostics;
using LuceneRerank.Models;
using LuceneRerank.Onnx;
using LuceneRerank.Text;

namespace LuceneRerank.Reranking.T5;

/// <summary>
/// monoT5 and RankT5 rerankers over an optimum export of a T5 encoder-decoder (<c>encoder_model.onnx</c> +
/// <c>decoder_model.onnx</c> + <c>spiece.model</c>), as a <c>monot5</c>/<c>rankt5</c> model manifest describes it (<see cref="T5RerankerSettings"/>). One forward
/// pass (encoder over the prompt, one decoder step) per passage, batched by a token budget over length-sorted prompts.
/// </summary>
/// <remarks>
/// Cost: n passages → n encoder passes of (prompt tokens ≤ maxLength) plus n single-token decoder steps.
/// Thread-safe: <see cref="ScoreAsync"/> may run from several threads at once.
/// </remarks>
public sealed class T5Reranker : IReranker, IRerankStatisticsSource, IDisposable
{
    private readonly T5RerankerSettings _manifest;
    private readonly T5SentencePieceTokenizer _tokenizer;
    private readonly T5PromptEncoder _prompts;
    private readonly T5EncoderDecoderModel _model;
    private readonly int[] _scoreTokenIds;
    private readonly BatchLimits _batchLimits;

    private T5Reranker(T5RerankerSettings manifest, T5SentencePieceTokenizer tokenizer, T5EncoderDecoderModel model, int[] scoreTokenIds)
    {
        _manifest = manifest;
        _tokenizer = tokenizer;
        _model = model;
        _scoreTokenIds = scoreTokenIds;
        _batchLimits = new BatchLimits(model.ResolveTokenBudget(manifest.TokenBudget));
        _prompts = new T5PromptEncoder(tokenizer, manifest.PromptTemplate, manifest.MaxLength, $"T5 reranker '{manifest.Name}' prompt.template");
        var (meaning, labels) = manifest.Method == T5RerankMethod.MonoT5
            ? ($"monoT5: log p(\"{manifest.PositiveLabel}\") from a softmax over the \"{manifest.PositiveLabel}\"/\"{manifest.NegativeLabel}\" logits at the first decoder step (≤ 0; higher is more relevant)",
               $"label ids {scoreTokenIds[0]}/{scoreTokenIds[1]}")
            : ($"RankT5: raw logit of {manifest.RankingToken} at the first decoder step (unbounded; higher is more relevant)",
               $"ranking token id {scoreTokenIds[0]}");
        Description = new RerankerDescription
        {
            Name = manifest.Name,
            MaxLength = manifest.MaxLength,
            ScoreMeaning = meaning,
            ExecutionProvider = model.ActiveProvider,
            Notes =
            [
                $"prompt \"{manifest.PromptTemplate}\" + </s>; the passage is truncated, never the query or the template",
                labels,
                $"batches of at most {_batchLimits.TokenBudget} padded encoder tokens; the decoder returns [batch, 1, {model.VocabularySize?.ToString() ?? "vocabulary"}] float logits",
                "cost: one encoder pass over the prompt plus one decoder step per passage",
            ],
        };
    }

    /// <inheritdoc />
    public RerankerDescription Description { get; }

    /// <summary>Padded encoder tokens per call: the settings' <see cref="T5RerankerSettings.TokenBudget"/>, else the session's budget.</summary>
    internal long TokenBudget => _batchLimits.TokenBudget;

    /// <inheritdoc />
    public RerankStatistics Statistics { get; } = new();

    /// <summary>
    /// Loads the model manifest (kind <c>monot5</c> or <c>rankt5</c>) at <paramref name="manifestPath"/> and the model
    /// files it names from <paramref name="modelDirectory"/> (default: the manifest's folder, as after
    /// <c>lrr-index models pull</c>, which writes <c>lrr-model.json</c> there).
    /// </summary>
    public static T5Reranker Load(string manifestPath, string? modelDirectory = null, OnnxRuntimeOptions? options = null)
    {
        var manifest = T5RerankerSettings.Load(manifestPath);
        return Create(manifest, modelDirectory ?? Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, options);
    }

    /// <summary>Opens the model in <paramref name="modelDirectory"/> as the model manifest <paramref name="manifest"/> describes it.</summary>
    /// <exception cref="InvalidDataException">The manifest is not a valid <c>monot5</c>/<c>rankt5</c> manifest, or as below.</exception>
    public static T5Reranker Create(ModelManifest manifest, string modelDirectory, OnnxRuntimeOptions? options = null) =>
        Create(T5RerankerSettings.FromManifest(manifest), modelDirectory, options);

    /// <summary>
    /// Opens the model in <paramref name="modelDirectory"/> as <paramref name="manifest"/> describes it. Throws
    /// <see cref="FileNotFoundException"/> for a missing encoder, decoder or tokenizer file and
    /// <see cref="InvalidDataException"/> for a label that is not a single token or a model without the expected
    /// inputs/outputs (for example no <c>logits</c>).
    /// </summary>
    public static T5Reranker Create(T5RerankerSettings manifest, string modelDirectory, OnnxRuntimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(modelDirectory);
        manifest.Validate(manifest.Name);
        var tokenizer = T5SentencePieceTokenizer.Load(Path.Combine(modelDirectory, manifest.Files.Tokenizer), manifest.ExtraIds);
        int[] scoreIds = manifest.Method == T5RerankMethod.MonoT5
            ?
            [
                tokenizer.GetSingleTokenId(manifest.PositiveLabel!, $"T5 reranker '{manifest.Name}' prompt.labels.positive"),
                tokenizer.GetSingleTokenId(manifest.NegativeLabel!, $"T5 reranker '{manifest.Name}' prompt.labels.negative"),
            ]
            : [tokenizer.GetSingleTokenId(manifest.RankingToken!, $"T5 reranker '{manifest.Name}' prompt.labels.ranking")];
        var model = T5EncoderDecoderModel.Load(
            Path.Combine(modelDirectory, manifest.Files.Encoder),
            Path.Combine(modelDirectory, manifest.Files.Decoder),
            options ?? new OnnxRuntimeOptions());
        if (model.VocabularySize is int vocabulary && scoreIds.Any(id => id >= vocabulary))
        {
            model.Dispose();
            throw new InvalidDataException(
                $"T5 reranker '{manifest.Name}': label ids [{string.Join(", ", scoreIds)}] exceed the decoder's {vocabulary} logits; the tokenizer does not belong to this model.");
        }

        return new T5Reranker(manifest, tokenizer, model, scoreIds);
    }

    /// <inheritdoc />
    /// <remarks>Runs synchronously on the calling thread (CPU-bound work) and returns a completed task; the token is checked between batches and aborts a running one.</remarks>
    public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passages);
        if (passages.Count == 0)
        {
            return Task.FromResult(Array.Empty<float>());
        }

        return CompletedScores.Run(() => Score(query, passages, cancellationToken), cancellationToken);
    }

    /// <summary>The encoder input ids for one (query, passage) pair, after truncation; for inspection and tests.</summary>
    internal int[] EncodePrompt(string query, string passage) => _prompts.Encode(query, passage);

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();

    private float[] Score(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var inputs = new int[passages.Count][];
        var truncations = 0;
        for (var i = 0; i < passages.Count; i++)
        {
            inputs[i] = _prompts.Encode(query, passages[i] ?? "", out var truncated);
            truncations += truncated ? 1 : 0;
        }

        Statistics.AddTokenization(Stopwatch.GetTimestamp() - started);
        Statistics.AddTruncations(truncations);
        var scores = new float[passages.Count];
        foreach (var batch in LengthBatchPlanner.Plan(inputs.Select(x => x.Length).ToArray(), _batchLimits))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var logits = _model.FirstStepLogits(batch.Select(i => inputs[i]).ToArray(), padId: 0, _manifest.DecoderStartTokenId, _scoreTokenIds, Statistics, cancellationToken);
            for (var k = 0; k < batch.Length; k++)
            {
                scores[batch[k]] = ScoreOf(logits[k]);
            }
        }

        Statistics.AddPassages(passages.Count);
        return scores;
    }

    private float ScoreOf(float[] logits)
    {
        if (logits.Any(x => !float.IsFinite(x)))
        {
            throw new InvalidDataException($"T5 model '{_manifest.Name}' returned a non-finite label logit ({string.Join(", ", logits)}).");
        }

        if (_manifest.Method == T5RerankMethod.RankT5)
        {
            return logits[0];
        }

        // log softmax over the two labels, computed stably.
        double positive = logits[0], negative = logits[1];
        var max = Math.Max(positive, negative);
        return (float)(positive - (max + Math.Log(Math.Exp(positive - max) + Math.Exp(negative - max))));
    }
}
