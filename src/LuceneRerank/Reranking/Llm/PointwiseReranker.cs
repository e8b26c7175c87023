using System.Diagnostics;
using System.Globalization;
using LuceneRerank.Models;

namespace LuceneRerank.Reranking.Llm;

/// <summary>
/// Pointwise yes/no LLM reranker (Qwen3-Reranker, RankLLaMA, monoT5 style on a decoder): one forward pass per passage
/// over the manifest's prompt; the score is read from the next-token logits of the "yes" and "no" tokens at the last
/// position.
/// </summary>
/// <remarks>
/// Score = logit("yes") − logit("no") = log p(yes) − log p(no): the log-odds of the two-way softmax over
/// {yes, no}, so sigmoid(score) is Qwen3-Reranker's reported p(yes). Cost: one pass per passage, each of
/// (prompt + query + passage) tokens. Passages are truncated to fit the maximum length; the query and the prompt's
/// fixed parts never are (a prompt whose fixed parts alone do not fit raises <see cref="PromptTooLongException"/>).
/// Implements <see cref="ICandidateReranker"/> for InsertRank (see <see cref="PointwiseRerankerOptions.InsertFirstStageScores"/>).
/// Thread-safe.
/// </remarks>
public sealed class PointwiseReranker : ICandidateReranker, IRerankStatisticsSource
{
    private readonly DecoderOnlyModel _model;
    private static readonly string[] s_placeholders = ["query", "instruction"];
    private static readonly string[] s_insertRankPlaceholders = ["query", "instruction", "first_stage_score"];
    private readonly PointwisePromptTemplate _template;
    private readonly PointwiseRerankerOptions _options;
    private readonly PromptRenderer _plain;
    private readonly PromptRenderer? _insertRank;
    private readonly int[] _answerIds;
    private readonly int _maxLength;

    /// <summary>
    /// Creates the reranker over <paramref name="model"/> with the pointwise prompt of an <c>llm-pointwise</c> model
    /// manifest (<see cref="PointwisePromptTemplate.FromManifest"/>); the manifest's <c>maxLength</c> caps the prompt.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The manifest is not an <c>llm-pointwise</c> manifest or its prompt is malformed, its yes/no labels are not single tokens of the model's tokenizer, its body
    /// lacks <c>{document}</c> or uses a placeholder other than <c>{query}</c> and <c>{instruction}</c> (plus <c>{first_stage_score}</c>
    /// in <c>insertRankTemplate</c>), or InsertRank is asked for without an <c>insertRankTemplate</c>.
    /// </exception>
    public PointwiseReranker(DecoderOnlyModel model, ModelManifest manifest, PointwiseRerankerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(manifest);
        _model = model;
        _options = options ?? new PointwiseRerankerOptions();
        _template = PointwisePromptTemplate.FromManifest(manifest);
        _answerIds = [SingleToken(model, manifest, "yes", _template.YesToken), SingleToken(model, manifest, "no", _template.NoToken)];
        var source = $"model manifest '{manifest.Name}' (llm-pointwise)";
        _plain = new PromptRenderer(model.Tokenizer, _template.Prefix, _template.Body, _template.Suffix, s_placeholders, source + " prompt.template");
        if (_options.InsertFirstStageScores)
        {
            _insertRank = new PromptRenderer(
                model.Tokenizer,
                _template.Prefix,
                _template.InsertRankBody ?? throw new InvalidDataException($"{source}: InsertRank needs a prompt \"insertRankTemplate\" with {{first_stage_score}}."),
                _template.Suffix,
                s_insertRankPlaceholders,
                source + " prompt.insertRankTemplate");
        }

        _maxLength = new[] { manifest.MaxLength, _options.MaxLength, model.MaxLength }.Where(l => l.HasValue).Min(l => l!.Value);
        Description = new RerankerDescription
        {
            Name = RerankerMethodName.Of(manifest.Name, "pointwise yes/no"),
            MaxLength = _maxLength,
            ScoreMeaning = $"logit(\"{_template.YesToken}\") − logit(\"{_template.NoToken}\") at the last position = log-odds of the yes/no softmax " +
                "(sigmoid gives p(yes)); higher is more relevant",
            ExecutionProvider = model.ExecutionProvider,
            Notes =
            [
                "one forward pass per passage",
                model.MemoryNote(),
                $"passages truncated to fit {_maxLength} tokens; query and prompt never truncated",
                _options.InsertFirstStageScores ? "InsertRank: first-stage scores are written into the prompt" : "first-stage scores not used",
            ],
        };
    }

    /// <inheritdoc />
    public RerankerDescription Description { get; }

    /// <inheritdoc />
    public RerankStatistics Statistics { get; } = new();

    /// <summary>The token ids of the prompt for one passage (what the model reads), for inspection and tests.</summary>
    /// <param name="query">The query.</param>
    /// <param name="passage">The passage.</param>
    /// <param name="firstStageScore">With InsertRank on, the first-stage score to write; <c>null</c>: the plain prompt.</param>
    internal PromptTokens BuildPrompt(string query, string passage, float? firstStageScore = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passage);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["query"] = _model.Tokenizer.Normalize(query),
            ["instruction"] = _template.Instruction,
        };
        var renderer = _plain;
        if (firstStageScore is { } score && _insertRank is not null)
        {
            values["first_stage_score"] = score.ToString(_template.FirstStageScoreFormat, CultureInfo.InvariantCulture);
            renderer = _insertRank;
        }

        return renderer.Render(values, passage, _maxLength);
    }

    /// <inheritdoc />
    public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passages);
        return ScoreAsync(query, passages.Count, i => BuildPrompt(query, passages[i]), cancellationToken);
    }

    /// <inheritdoc />
    public Task<float[]> ScoreCandidatesAsync(string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return ScoreAsync(
            query,
            candidates.Count,
            i => BuildPrompt(query, candidates[i].Text, _options.InsertFirstStageScores ? candidates[i].FirstStageScore : null),
            cancellationToken);
    }

    private Task<float[]> ScoreAsync(string query, int count, Func<int, PromptTokens> prompt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (count == 0)
        {
            return Task.FromResult(Array.Empty<float>());
        }

        return CompletedScores.Run(
            () =>
            {
                var started = Stopwatch.GetTimestamp();
                var sequences = new int[count][];
                var truncated = 0;
                for (var i = 0; i < count; i++)
                {
                    var tokens = prompt(i);
                    sequences[i] = tokens.Ids;
                    truncated += tokens.DocumentTruncated ? 1 : 0;
                }

                Statistics.AddTokenization(Stopwatch.GetTimestamp() - started);
                Statistics.AddTruncations(truncated);
                var logits = _model.ScoreNextToken(sequences, _answerIds, Statistics, cancellationToken);
                Statistics.AddPassages(count);
                return logits.Select(l => l.Logits[0] - l.Logits[1]).ToArray();
            },
            cancellationToken);
    }

    private static int SingleToken(DecoderOnlyModel model, ModelManifest manifest, string role, string text) =>
        model.Tokenizer.SingleTokenId(text) ?? throw new InvalidDataException(
            $"model manifest '{manifest.Name}' (llm-pointwise) prompt: labels.{role} \"{text}\" is {model.Tokenizer.EncodeToIds(text).Length} tokens " +
            $"([{string.Join(", ", model.Tokenizer.EncodeToIds(text))}]) in this model's tokenizer; it must be exactly one token.");
}
