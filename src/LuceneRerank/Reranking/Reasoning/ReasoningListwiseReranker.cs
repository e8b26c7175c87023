using LuceneRerank.Reranking.Generation;
using LuceneRerank.Reranking.Listwise;

namespace LuceneRerank.Reranking.Reasoning;

/// <summary>
/// Listwise reranker with reasoning (ReasonRank, Liu et al. 2025): for each window of numbered passages the model
/// reasons inside <c>&lt;think&gt;…&lt;/think&gt;</c>, then writes a permutation (<c>[2] &gt; [1] &gt; [3]</c>); windows
/// slide from the back of the list to the front with a stride, as in RankGPT, so strong passages rise.
/// </summary>
/// <remarks>
/// <para><b>Scores.</b> n − rank in the final order (only the order carries meaning).</para>
/// <para><b>Generations.</b> 1 + ⌈(n − window) / stride⌉ for n &gt; window, 1 for 2 ≤ n ≤ window, none below
/// (the listwise reranker's window plan), one after another since each window reads the order the previous one left.</para>
/// <para><b>Repairs</b> (RankGPT's): every integer of the answer is an identifier; identifiers outside the window are
/// ignored (<see cref="ReasoningStatistics.OutOfRangeIds"/>), repeated ones dropped
/// (<see cref="ReasoningStatistics.RepeatedIds"/>), missing ones appended in their window order
/// (<see cref="ReasoningStatistics.MissingIds"/>). No answer at all (for example when generation hit the token limit
/// while reasoning) leaves the window as it was and counts in <see cref="ReasoningStatistics.MissingAnswers"/>.</para>
/// <para>Thread-safe: calls share no state but the counters.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed class ReasoningListwiseReranker : IReranker, IRerankStatisticsSource
{
    private readonly ReasoningEngine _engine;
    private readonly ReasoningListwiseRerankerOptions _options;

    /// <summary>Creates the reranker over <paramref name="generator"/> with <paramref name="template"/>.</summary>
    /// <param name="generator">Generates the model's reasoning and answers.</param>
    /// <param name="template">The prompt (for example <see cref="ReasoningPromptTemplate.FromManifest"/> of a <c>llm-reasoning-listwise</c> manifest).</param>
    /// <param name="name">The model's name, for descriptions and errors.</param>
    /// <param name="options">Window, stride and limits; default <c>new ReasoningListwiseRerankerOptions()</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The window or stride is below 1, or the stride exceeds the window.</exception>
    /// <exception cref="InvalidDataException">A limit below 1.</exception>
    /// <exception cref="FormatException">A template part has an unknown placeholder or lacks <c>{label}</c>/<c>{passage}</c>.</exception>
    public ReasoningListwiseReranker(ITextGenerator generator, ReasoningPromptTemplate template, string name, ReasoningListwiseRerankerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(name);
        _options = options ?? new ReasoningListwiseRerankerOptions();
        _ = SlidingWindows.Plan(0, _options.Window, _options.Stride);
        _engine = new ReasoningEngine(generator, template, _options, name, pointwise: false);
        Description = new RerankerDescription
        {
            Name = name + " (listwise reasoning)",
            MaxLength = _engine.MaxLength,
            ScoreMeaning = "n − rank in the final permutation (n = number of passages; higher is more relevant; only the order is meaningful)",
            Notes =
            [
                $"window {_options.Window}, stride {_options.Stride}, back to front; generations = 1 + ceil((n − {_options.Window}) / {_options.Stride}) for n > {_options.Window}",
                $"at most {_engine.MaxNewTokens} new tokens per window; passages cut to {template.MaxPassageTokens} tokens; reasoning kept to {_engine.MaxReasoningChars} characters",
                "permutations repaired as RankGPT does (missing ids appended, repeats dropped, out-of-range ignored; counted)",
            ],
        };
    }

    /// <inheritdoc />
    public RerankerDescription Description { get; }

    /// <inheritdoc />
    public RerankStatistics Statistics => _engine.Statistics;

    /// <summary>Generations, tokens and repairs.</summary>
    public ReasoningStatistics ReasoningStatistics => _engine.Reasoning;

    /// <inheritdoc />
    public async Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default) =>
        (await ScoreWithReasoningAsync(query, passages, cancellationToken).ConfigureAwait(false)).Scores;

    /// <summary>Scores the passages and returns what the model reasoned for each window.</summary>
    public async Task<ReasonedScores> ScoreWithReasoningAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passages);
        var reasoning = new List<RerankReasoning>();
        var order = Enumerable.Range(0, passages.Count).ToArray();
        var pass = 0;
        foreach (var (start, end) in SlidingWindows.Plan(passages.Count, _options.Window, _options.Stride))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var members = order[start..end];
            if (members.Length < 2)
            {
                continue;
            }

            var prompt = _engine.Render(query, [.. members.Select(i => passages[i])]);
            var generated = (await _engine.GenerateAsync([prompt], [], cancellationToken).ConfigureAwait(false))[0];
            var parsed = GeneratedAnswer.Parse(generated.Text, _engine.Template.AnswerFormat);
            string outcome;
            if (parsed.Answer is null)
            {
                _engine.Reasoning.AddMissingAnswer();
                outcome = "no answer: fallback, the window keeps its order";
            }
            else
            {
                var permutation = PermutationAnswer.Parse(parsed.Answer, members.Length);
                _engine.Reasoning.AddPermutationRepairs(permutation.Missing, permutation.Repeated, permutation.OutOfRange);
                for (var k = 0; k < members.Length; k++)
                {
                    order[start + k] = members[permutation.Order[k]];
                }

                outcome = permutation.Describe();
            }

            _engine.Report(reasoning, members, ++pass, parsed, generated, outcome);
        }

        var scores = new float[passages.Count];
        for (var rank = 0; rank < order.Length; rank++)
        {
            scores[order[rank]] = passages.Count - rank;
        }

        _engine.Statistics.AddPassages(passages.Count);
        return new ReasonedScores(scores, reasoning);
    }

    /// <summary>The prompt of one window (what the model reads), for inspection and tests.</summary>
    public string BuildPrompt(string query, IReadOnlyList<string> window) => _engine.Render(query, window);
}
