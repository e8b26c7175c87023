using System.Globalization;
using LuceneRerank.Reranking.Generation;

namespace LuceneRerank.Reranking.Reasoning;

/// <summary>
/// Pointwise reranker with reasoning (ERank, Cai et al. 2025; ProRank): for each passage the model reasons inside
/// <c>&lt;think&gt;…&lt;/think&gt;</c>, then writes an integer relevance score on the manifest's scale
/// (<see cref="ReasoningPromptTemplate.MinScore"/>..<see cref="ReasoningPromptTemplate.MaxScore"/>).
/// </summary>
/// <remarks>
/// <para><b>Scores.</b> With <see cref="ReasoningPromptTemplate.ExpectedScore"/>: the expected value of the scale under
/// the model's probabilities of the score labels at the position where it wrote its score,
/// Σ_v v·p(v) / Σ_v p(v), so equal integers are ordered by the model's confidence (counted in
/// <see cref="ReasoningStatistics.ExpectedValueScores"/>); each score's text must then be one token. When the score was
/// not written as one of those tokens (for example merged with a neighbouring character), the integer written is used.
/// Without it: the integer written.</para>
/// <para><b>Fallback.</b> No answer (including generation stopped at the token limit while reasoning) or no number in
/// it: <see cref="ReasoningStatistics.MissingAnswers"/>; a number that is not an integer of the scale:
/// <see cref="ReasoningStatistics.OutOfScaleAnswers"/>. Both score <see cref="ReasoningPromptTemplate.FallbackScore"/>,
/// by default <see cref="ReasoningPromptTemplate.MinScore"/> − 1, below every answered passage.</para>
/// <para><b>Generations.</b> One per passage, all passages in one call of the generator (it batches them).</para>
/// <para>Thread-safe: calls share no state but the counters.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed class ReasoningPointwiseReranker : IReranker, IRerankStatisticsSource
{
    private readonly ReasoningEngine _engine;
    private readonly int[] _labelIds;
    private readonly float _fallback;

    /// <summary>Creates the reranker over <paramref name="generator"/> with <paramref name="template"/>.</summary>
    /// <param name="generator">Generates the model's reasoning and answers.</param>
    /// <param name="template">The prompt and scale (for example <see cref="ReasoningPromptTemplate.FromManifest"/> of a <c>llm-reasoning-pointwise</c> manifest).</param>
    /// <param name="name">The model's name, for descriptions and errors.</param>
    /// <param name="options">Limits; default <c>new ReasoningRerankerOptions()</c>.</param>
    /// <exception cref="InvalidDataException">
    /// An empty scale (max below min), a limit below 1, or (with <see cref="ReasoningPromptTemplate.ExpectedScore"/>) a
    /// score whose text is not one token.
    /// </exception>
    /// <exception cref="FormatException">A template part has an unknown placeholder or lacks <c>{document}</c>.</exception>
    public ReasoningPointwiseReranker(ITextGenerator generator, ReasoningPromptTemplate template, string name, ReasoningRerankerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(name);
        var source = $"reasoning pointwise prompt for '{name}'";
        if (template.MaxScore < template.MinScore)
        {
            throw new InvalidDataException($"{source}: maxScore {template.MaxScore} is below minScore {template.MinScore}.");
        }

        _engine = new ReasoningEngine(generator, template, options ?? new ReasoningRerankerOptions(), name, pointwise: true);
        _fallback = template.FallbackScore ?? template.MinScore - 1;
        _labelIds = template.ExpectedScore ? ScoreLabelIds(generator, template, source) : [];
        Description = new RerankerDescription
        {
            Name = name + " (pointwise reasoning)",
            MaxLength = _engine.MaxLength,
            ScoreMeaning = template.ExpectedScore
                ? $"expected score on the {template.MinScore}–{template.MaxScore} scale under the score labels' probabilities where the model wrote its score; {_fallback.ToString(CultureInfo.InvariantCulture)} without a usable answer"
                : $"the integer score ({template.MinScore}–{template.MaxScore}) the model wrote after reasoning; {_fallback.ToString(CultureInfo.InvariantCulture)} without a usable answer",
            Notes =
            [
                $"one generation per passage, at most {_engine.MaxNewTokens} new tokens; passages cut to {template.MaxPassageTokens} tokens; reasoning kept to {_engine.MaxReasoningChars} characters",
                "no answer or a score off the scale: fallback score (counted)",
            ],
        };
    }

    /// <inheritdoc />
    public RerankerDescription Description { get; }

    /// <inheritdoc />
    public RerankStatistics Statistics => _engine.Statistics;

    /// <summary>Generations, tokens and bad answers.</summary>
    public ReasoningStatistics ReasoningStatistics => _engine.Reasoning;

    /// <inheritdoc />
    public async Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default) =>
        (await ScoreWithReasoningAsync(query, passages, cancellationToken).ConfigureAwait(false)).Scores;

    /// <summary>Scores the passages and returns what the model reasoned for each.</summary>
    public async Task<ReasonedScores> ScoreWithReasoningAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passages);
        var reasoning = new List<RerankReasoning>();
        if (passages.Count == 0)
        {
            return new ReasonedScores([], reasoning);
        }

        var prompts = passages.Select(p => _engine.Render(query, [p])).ToArray();
        var results = await _engine.GenerateAsync(prompts, _labelIds, cancellationToken).ConfigureAwait(false);
        var scores = new float[passages.Count];
        var template = _engine.Template;
        for (var i = 0; i < results.Count; i++)
        {
            var parsed = GeneratedAnswer.Parse(results[i].Text, template.AnswerFormat);
            var kind = ScoreAnswer.Read(parsed.Answer, template.MinScore, template.MaxScore, out var value, out var offset);
            string outcome;
            if (kind == ScoreAnswer.Kind.OnScale)
            {
                scores[i] = value;
                outcome = $"score {value}";
                if (_labelIds.Length > 0 && ExpectedValue(results[i], parsed.AnswerOffset + offset) is { } expected)
                {
                    scores[i] = expected;
                    _engine.Reasoning.AddExpectedValueScore();
                    outcome += $", expected value {expected.ToString("0.####", CultureInfo.InvariantCulture)}";
                }
            }
            else
            {
                scores[i] = _fallback;
                if (kind == ScoreAnswer.Kind.Missing)
                {
                    _engine.Reasoning.AddMissingAnswer();
                    outcome = $"no score in the answer: fallback score {_fallback.ToString(CultureInfo.InvariantCulture)}";
                }
                else
                {
                    _engine.Reasoning.AddOutOfScaleAnswer();
                    outcome = $"score outside {template.MinScore}–{template.MaxScore}: fallback score {_fallback.ToString(CultureInfo.InvariantCulture)}";
                }
            }

            _engine.Report(reasoning, [i], i + 1, parsed, results[i], outcome);
        }

        _engine.Statistics.AddPassages(passages.Count);
        return new ReasonedScores(scores, reasoning);
    }

    /// <summary>The prompt of one passage (what the model reads), for inspection and tests.</summary>
    public string BuildPrompt(string query, string passage) => _engine.Render(query, [passage]);

    /// <summary>
    /// The expected score at the generated token that starts at character <paramref name="position"/> of the output,
    /// when that token is a score label; null otherwise.
    /// </summary>
    private float? ExpectedValue(GeneratedText generated, int position)
    {
        var tokens = generated.TokenIds;
        for (var i = 0; i < tokens.Count && i < generated.TrackedLogProbabilities.Count; i++)
        {
            if (_engine.Generator.Decode([.. tokens.Take(i + 1)]).Length <= position)
            {
                continue;
            }

            var label = Array.IndexOf(_labelIds, tokens[i]);
            if (label < 0 || _engine.Generator.Decode([.. tokens.Take(i)]).Length != position)
            {
                return null;
            }

            var logProbabilities = generated.TrackedLogProbabilities[i];
            double sum = 0, weighted = 0;
            for (var v = 0; v < _labelIds.Length; v++)
            {
                if (logProbabilities.TryGetValue(_labelIds[v], out var logProbability))
                {
                    var p = Math.Exp(logProbability);
                    sum += p;
                    weighted += p * (_engine.Template.MinScore + v);
                }
            }

            return sum > 0 ? (float)(weighted / sum) : null;
        }

        return null;
    }

    private static int[] ScoreLabelIds(ITextGenerator generator, ReasoningPromptTemplate template, string source)
    {
        var ids = new int[template.MaxScore - template.MinScore + 1];
        for (var v = template.MinScore; v <= template.MaxScore; v++)
        {
            var text = v.ToString(CultureInfo.InvariantCulture);
            var tokens = generator.Tokenize(text);
            if (tokens.Count != 1)
            {
                throw new InvalidDataException(
                    $"{source}: expectedScore needs every score of the scale to be one token, but \"{text}\" is {tokens.Count} tokens; " +
                    "use a scale whose scores are single tokens (for example 0–9) or set \"expectedScore\": false.");
            }

            ids[v - template.MinScore] = tokens[0];
        }

        return ids;
    }
}
