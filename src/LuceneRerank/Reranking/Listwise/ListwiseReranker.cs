using System.Diagnostics;
using System.Globalization;
using LuceneRerank.Reranking.Generative;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Text;

namespace LuceneRerank.Reranking.Listwise;

/// <summary>
/// Listwise single-token reranker (FIRST, Reddy et al. 2024): one forward pass reads a window of labelled passages and
/// the logits of the labels at the first output position rank the window; windows slide from the back of the list to
/// the front (<see cref="ListwiseRerankerOptions"/>), so strong passages bubble up. The final permutation becomes
/// monotonic scores.
/// </summary>
/// <remarks>
/// Score = n − rank in the final order (n for the top passage, 1 for the last): only the order carries meaning.
/// Cost: 1 + ⌈(n − window) / stride⌉ forward passes (one when n ≤ window; with stride = window a last window left
/// with a single passage needs none), each over the prefix, suffix and
/// min(n, window) passages of at most <see cref="ListwisePromptTemplate.MaxPassageTokens"/> tokens. Windows depend on
/// each other, so passes run one after another. Thread-safe.
/// </remarks>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed class ListwiseReranker : ICandidateReranker, IRerankStatisticsSource
{
    private static readonly string[] s_outer = ["query", "count"];
    private readonly IPromptLabelModel _model;
    private readonly ListwisePromptTemplate _template;
    private readonly ListwiseRerankerOptions _options;
    private readonly PlaceholderTemplate _prefix;
    private readonly PlaceholderTemplate _suffix;
    private readonly PlaceholderTemplate _passage;
    private readonly PlaceholderTemplate? _insertRankPassage;
    private readonly int[] _labelIds;
    private readonly int _maxLength;

    /// <summary>The model the prompts run on (tests read its settings).</summary>
    internal IPromptLabelModel Model => _model;

    /// <summary>Creates the reranker over <paramref name="model"/> with <paramref name="template"/>.</summary>
    /// <exception cref="InvalidDataException">
    /// A label is not one token, two labels are the same token, there are fewer labels than the window,
    /// <see cref="ListwisePromptTemplate.MaxPassageTokens"/> is below 1, or InsertRank is asked for without an
    /// <see cref="ListwisePromptTemplate.InsertRankPassage"/>.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">The window or stride is below 1, or the stride exceeds the window.</exception>
    /// <exception cref="FormatException">A template has an unknown placeholder or lacks <c>{label}</c>/<c>{passage}</c>.</exception>
    public ListwiseReranker(IPromptLabelModel model, ListwisePromptTemplate template, ListwiseRerankerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(template);
        _model = model;
        _template = template;
        _options = options ?? new ListwiseRerankerOptions();
        _ = SlidingWindows.Plan(0, _options.Window, _options.Stride);
        var source = $"listwise prompt for '{model.Name}'";
        if (template.Labels.Count < _options.Window)
        {
            throw new InvalidDataException($"{source}: {template.Labels.Count} labels for a window of {_options.Window}; give at least one label per window position.");
        }

        if (template.MaxPassageTokens < 1)
        {
            throw new InvalidDataException($"{source}: maxPassageTokens must be at least 1.");
        }

        if (template.MaxLength is < 1)
        {
            throw new InvalidDataException($"{source}: maxLength must be at least 1, not {template.MaxLength}.");
        }

        // The manifest's maxLength (carried by the template) caps the prompt on every engine; the model's own cap
        // (its positions, or what it was opened with) still applies when it is lower.
        _maxLength = Math.Min(template.MaxLength ?? model.MaxLength, model.MaxLength);
        _labelIds = LabelTokens.Resolve(model, template.Labels, source);
        _prefix = PlaceholderTemplate.Parse(template.Prefix, s_outer, [], source + " prefix");
        _suffix = PlaceholderTemplate.Parse(template.Suffix, s_outer, [], source + " suffix");
        _passage = PlaceholderTemplate.Parse(template.Passage, ["label", "passage"], ["label", "passage"], source + " passage");
        if (_options.InsertFirstStageScores)
        {
            _insertRankPassage = PlaceholderTemplate.Parse(
                template.InsertRankPassage ?? throw new InvalidDataException(
                    $"{source}: InsertRank needs an InsertRankPassage (the manifest's prompt key \"insertRankTemplate\") with {{first_stage_score}}."),
                ["label", "passage", "first_stage_score"], ["label", "passage", "first_stage_score"], source + " insertRankPassage");
        }

        Description = new RerankerDescription
        {
            Name = model.Name + " (listwise single-token)",
            MaxLength = _maxLength,
            ScoreMeaning = "n − rank in the final permutation (n = number of passages; higher is more relevant; only the order is meaningful)",
            ExecutionProvider = model.ExecutionProvider,
            Notes =
            [
                $"window {_options.Window}, stride {_options.Stride}, back to front; passes = 1 + ceil((n − {_options.Window}) / {_options.Stride}) for n > {_options.Window}",
                $"labels {string.Join(" ", template.Labels.Take(_options.Window))}; passages truncated to {template.MaxPassageTokens} tokens (less when the prompt would not fit)",
                _options.InsertFirstStageScores ? "InsertRank: first-stage scores are written into the prompt" : "first-stage scores not used",
                model.MemoryNote,
            ],
        };
    }

    /// <inheritdoc />
    public RerankerDescription Description { get; }

    /// <inheritdoc />
    public RerankStatistics Statistics { get; } = new();

    /// <inheritdoc />
    public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passages);
        return RankAsync(query, [.. passages.Select(p => (p, (float?)null))], cancellationToken);
    }

    /// <inheritdoc />
    public Task<float[]> ScoreCandidatesAsync(string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return RankAsync(query, [.. candidates.Select(c => (c.Text, _options.InsertFirstStageScores ? c.FirstStageScore : (float?)null))], cancellationToken);
    }

    /// <summary>The prompt ids for one window of passages (what the model reads), for inspection and tests.</summary>
    public int[] BuildPrompt(string query, IReadOnlyList<string> window, IReadOnlyList<float>? firstStageScores = null) =>
        BuildPrompt(query, [.. window.Select((p, i) => (p, firstStageScores is null ? (float?)null : firstStageScores[i]))], out _);

    private Task<float[]> RankAsync(string query, (string Text, float? Score)[] items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (items.Length == 0)
        {
            return Task.FromResult(Array.Empty<float>());
        }

        return CompletedScores.Run(() => Rank(query, items, cancellationToken), cancellationToken);
    }

    private float[] Rank(string query, (string Text, float? Score)[] items, CancellationToken cancellationToken)
    {
        var order = Enumerable.Range(0, items.Length).ToArray();
        foreach (var (start, end) in SlidingWindows.Plan(items.Length, _options.Window, _options.Stride))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var members = order[start..end];
            if (members.Length > 1)
            {
                var started = Stopwatch.GetTimestamp();
                var prompt = BuildPrompt(query, [.. members.Select(i => items[i])], out var truncated);
                Statistics.AddTokenization(Stopwatch.GetTimestamp() - started);
                Statistics.AddTruncations(truncated);
                var logits = _model.LabelLogits([prompt], _labelIds[..members.Length], Statistics, cancellationToken)[0];
                var windowOrder = WindowOrder.FromLogits(logits, _template.Labels, _model.Name);
                for (var k = 0; k < members.Length; k++)
                {
                    order[start + k] = members[windowOrder[k]];
                }
            }
        }

        var scores = new float[items.Length];
        for (var rank = 0; rank < order.Length; rank++)
        {
            scores[order[rank]] = items.Length - rank;
        }

        Statistics.AddPassages(items.Length);
        return scores;
    }

    /// <summary>The window's prompt; <paramref name="truncated"/> counts the passages cut (to the cap or to fit).</summary>
    private int[] BuildPrompt(string query, (string Text, float? Score)[] window, out int truncated)
    {
        var cut = 0;
        var outer = new Dictionary<string, string> { ["query"] = query, ["count"] = window.Length.ToString(CultureInfo.InvariantCulture) };
        var prefix = _prefix.Render(outer);
        var suffix = _suffix.Render(outer);

        string Render(int perPassage)
        {
            cut = 0;
            var text = new System.Text.StringBuilder(prefix);
            for (var i = 0; i < window.Length; i++)
            {
                var passage = _model.TruncateToTokens(window[i].Text ?? "", perPassage);
                cut += passage.Length < (window[i].Text ?? "").Length ? 1 : 0;
                var values = new Dictionary<string, string>
                {
                    ["label"] = _template.Labels[i],
                    ["passage"] = passage,
                };
                var entry = _passage;
                if (_insertRankPassage is not null && window[i].Score is float score)
                {
                    values["first_stage_score"] = score.ToString(_template.FirstStageScoreFormat, CultureInfo.InvariantCulture);
                    entry = _insertRankPassage;
                }

                text.Append(entry.Render(values));
            }

            return text.Append(suffix).ToString();
        }

        var fixedLength = _model.Encode(Render(0)).Length;
        if (fixedLength > _maxLength)
        {
            throw new PromptTooLongException(
                $"The listwise prompt for {window.Length} passages needs {fixedLength} tokens without any passage text, more than " +
                $"the maximum of {_maxLength} (the smaller of the manifest's maxLength and the model's); the query and the prompt are never truncated: shorten the query or the window.");
        }

        // Each passage is capped at MaxPassageTokens, then all lose an equal share until the window fits (DocumentTruncation).
        var per = Math.Min(_template.MaxPassageTokens, (_maxLength - fixedLength) / window.Length);
        var (ids, _) = DocumentTruncation.Fit(
            _maxLength,
            () => _model.Encode(Render(per)),
            overshoot =>
            {
                if (per == 0)
                {
                    return false;
                }

                per = DocumentTruncation.ShrinkKeep(per, overshoot, window.Length);
                return true;
            },
            length => new PromptTooLongException(
                $"The listwise prompt for {window.Length} passages needs {length} tokens without any passage text, more than " +
                $"the maximum of {_maxLength} (the smaller of the manifest's maxLength and the model's); the query and the prompt are never truncated: shorten the query or the window."));
        truncated = cut;
        return ids;
    }
}
