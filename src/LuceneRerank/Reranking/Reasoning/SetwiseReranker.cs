using LuceneRerank.Reranking.Generation;

namespace LuceneRerank.Reranking.Reasoning;

/// <summary>
/// Setwise reranker with reasoning (Rank-R1, Zhuang et al. 2025): the model is shown the query and a set of k
/// numbered passages, reasons inside <c>&lt;think&gt;…&lt;/think&gt;</c>, and names the most relevant one
/// (<c>&lt;answer&gt;[3]&lt;/answer&gt;</c>); a heap sort (or bubble sort) over such choices selects and orders the top-K.
/// </summary>
/// <remarks>
/// <para><b>Scores.</b> n − rank: the selected top-K first, best first, then the other passages in their original
/// order. Only the order carries meaning.</para>
/// <para><b>Generations</b> (n passages, set size k, d = k − 1, K' = min(K, n); none when n ≤ 1), each recorded in
/// <see cref="ReasoningStatistics.Generations"/>:
/// bubble sort: exactly Σ_{p=0}^{K'−1} ⌈(n − p − 1) / d⌉;
/// heap sort: data dependent, between ⌈(n − 1) / d⌉ + min(K' − 1, n − 2) (nothing sinks) and
/// ⌈(n − 1) / d⌉·h + (K' − 1)·h, with h = the heap's height (the levels below the root of a d-ary heap of n). When the
/// whole list fits one set (n ≤ k) the heap sort takes exactly 1 + min(K' − 1, n − 2).
/// Sets depend on earlier answers, so generations run one after another.</para>
/// <para><b>Bad answers.</b> No answer, or no label in it, counts in <see cref="ReasoningStatistics.MissingAnswers"/>; a
/// label outside 1..(set size) in <see cref="ReasoningStatistics.OutOfScaleAnswers"/>; either way the first member of
/// the set (the current heap node, or the item the bubble carries) stays the best, so the order falls back to the
/// current one. The answer's first integer is the label (<c>[3]</c>, <c>3</c> and <c>Document 3</c> all name the third).</para>
/// <para>Thread-safe: calls share no state but the counters.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed class SetwiseReranker : IReranker, IRerankStatisticsSource
{
    private readonly ReasoningEngine _engine;
    private readonly SetwiseRerankerOptions _options;
    private readonly int _setSize;

    /// <summary>Creates the reranker over <paramref name="generator"/> with <paramref name="template"/>.</summary>
    /// <param name="generator">Generates the model's reasoning and answers.</param>
    /// <param name="template">The prompt (for example <see cref="ReasoningPromptTemplate.FromManifest"/> of a <c>llm-setwise</c> manifest).</param>
    /// <param name="name">The model's name, for descriptions and errors.</param>
    /// <param name="options">Top-K, strategy, set size and limits; default <c>new SetwiseRerankerOptions()</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A set size below 2 or a top-K below 1.</exception>
    /// <exception cref="InvalidDataException">A limit below 1.</exception>
    /// <exception cref="FormatException">A template part has an unknown placeholder or lacks <c>{label}</c>/<c>{passage}</c>.</exception>
    public SetwiseReranker(ITextGenerator generator, ReasoningPromptTemplate template, string name, SetwiseRerankerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(name);
        _options = options ?? new SetwiseRerankerOptions();
        _setSize = _options.SetSize ?? template.SetSize;
        ArgumentOutOfRangeException.ThrowIfLessThan(_setSize, 2, nameof(SetwiseRerankerOptions.SetSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.TopK, 1, nameof(SetwiseRerankerOptions.TopK));
        _engine = new ReasoningEngine(generator, template, _options, name, pointwise: false);
        var generations = _options.Strategy == SetwiseStrategy.Bubble
            ? $"bubble sort: Σ_(p<K) ceil((n − p − 1) / {_setSize - 1}) generations"
            : $"heap sort (arity {_setSize - 1}): ceil((n − 1) / {_setSize - 1}) + min(K − 1, n − 2) generations at least, more when items sink";
        Description = new RerankerDescription
        {
            Name = name + " (setwise reasoning)",
            MaxLength = _engine.MaxLength,
            ScoreMeaning = $"n − rank: the top {_options.TopK} selected by the model's answers, then the rest in first-stage order (only the order is meaningful)",
            Notes =
            [
                $"sets of {_setSize}, top {_options.TopK}, {generations}",
                $"at most {_engine.MaxNewTokens} new tokens per set; passages cut to {template.MaxPassageTokens} tokens; reasoning kept to {_engine.MaxReasoningChars} characters",
                "no answer or a label outside the set: the set's first member stays best (counted)",
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

    /// <summary>Scores the passages and returns what the model reasoned for each set.</summary>
    public async Task<ReasonedScores> ScoreWithReasoningAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passages);
        var reasoning = new List<RerankReasoning>();
        var pass = 0;
        async Task<int> BestAsync(int[] set)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var prompt = _engine.Render(query, [.. set.Select(i => passages[i])]);
            var generated = (await _engine.GenerateAsync([prompt], [], cancellationToken).ConfigureAwait(false))[0];
            var parsed = GeneratedAnswer.Parse(generated.Text, _engine.Template.AnswerFormat);
            var kind = ScoreAnswer.Read(parsed.Answer, 1, set.Length, out var label, out _);
            string outcome;
            var best = 0;
            if (kind == ScoreAnswer.Kind.OnScale)
            {
                best = label - 1;
                outcome = $"best [{label}] = passage {set[best] + 1}";
            }
            else if (kind == ScoreAnswer.Kind.Missing)
            {
                _engine.Reasoning.AddMissingAnswer();
                outcome = $"no label in the answer: fallback, the first member (passage {set[0] + 1}) stays best";
            }
            else
            {
                _engine.Reasoning.AddOutOfScaleAnswer();
                outcome = $"label outside 1..{set.Length}: fallback, the first member (passage {set[0] + 1}) stays best";
            }

            _engine.Report(reasoning, set, ++pass, parsed, generated, outcome);
            return best;
        }

        var order = await SetwiseSelection.SelectAsync(passages.Count, _setSize, _options.TopK, _options.Strategy, BestAsync).ConfigureAwait(false);
        var scores = new float[passages.Count];
        for (var rank = 0; rank < order.Length; rank++)
        {
            scores[order[rank]] = passages.Count - rank;
        }

        _engine.Statistics.AddPassages(passages.Count);
        return new ReasonedScores(scores, reasoning);
    }

    /// <summary>The prompt of one set (what the model reads), for inspection and tests.</summary>
    public string BuildPrompt(string query, IReadOnlyList<string> set) => _engine.Render(query, set);
}
