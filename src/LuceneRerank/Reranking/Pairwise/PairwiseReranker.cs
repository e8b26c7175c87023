using System.Diagnostics;
using LuceneRerank.Reranking.Generative;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Text;

namespace LuceneRerank.Reranking.Pairwise;

/// <summary>
/// Pairwise ranking prompting (PRP, Qin et al. 2024): the model is asked which of two passages is more relevant, in
/// both orders to cancel its position bias. The preference of passage i over j is
/// ½ × ([ℓA − ℓB](i, j) − [ℓA − ℓB](j, i)), where ℓ are the label logits at the first output position (so ℓA − ℓB =
/// log p(A) − log p(B)); it is antisymmetric and 0 for a tie.
/// </summary>
/// <remarks>
/// All pairs (score = Σⱼ preference(i, j)) for small lists, bubble top-k (score = n − rank) for larger ones; see
/// <see cref="PairwiseStrategy"/> for the cost of each. Thread-safe.
/// </remarks>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed class PairwiseReranker : IReranker, IRerankStatisticsSource
{
    private readonly IPromptLabelModel _model;
    private readonly PairwisePromptTemplate _template;
    private readonly PairwiseRerankerOptions _options;
    private readonly PlaceholderTemplate _prompt;
    private readonly int[] _labelIds;
    private readonly int _maxLength;

    /// <summary>Creates the reranker over <paramref name="model"/> with <paramref name="template"/>.</summary>
    /// <exception cref="InvalidDataException">A label is not one token or both labels are the same token.</exception>
    /// <exception cref="FormatException">The template has an unknown placeholder or lacks <c>{passage_a}</c>/<c>{passage_b}</c>.</exception>
    public PairwiseReranker(IPromptLabelModel model, PairwisePromptTemplate template, PairwiseRerankerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(template);
        _model = model;
        _template = template;
        _options = options ?? new PairwiseRerankerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.TopK, 1, nameof(options));
        var source = $"pairwise prompt for '{model.Name}'";
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
        _labelIds = LabelTokens.Resolve(model, [template.LabelA, template.LabelB], source);
        _prompt = PlaceholderTemplate.Parse(template.Template, ["query", "passage_a", "passage_b"], ["passage_a", "passage_b"], source);
        Description = new RerankerDescription
        {
            Name = model.Name + " (pairwise PRP)",
            MaxLength = _maxLength,
            ScoreMeaning = $"all pairs (n ≤ {_options.AllPairsMaxCandidates}): Σ over other passages of ½(Δ(i,j) − Δ(j,i)), Δ = log p(\"{template.LabelA}\") − log p(\"{template.LabelB}\"); " +
                "bubble top-k: n − rank. Higher is more relevant",
            ExecutionProvider = model.ExecutionProvider,
            Notes =
            [
                "every pair is compared in both orders (cancels position bias)",
                $"all pairs: n(n − 1) passes; bubble top-{_options.TopK}: at most 2(K(n − 1) − K(K − 1)/2) passes (a pair met again is not asked again)",
                $"passages truncated to {template.MaxPassageTokens} tokens (less when the prompt would not fit)",
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
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passages);
        if (passages.Count == 0)
        {
            return Task.FromResult(Array.Empty<float>());
        }

        return CompletedScores.Run(() => Score(query, passages, cancellationToken), cancellationToken);
    }

    /// <summary>The prompt ids with <paramref name="first"/> as passage A and <paramref name="second"/> as B.</summary>
    public int[] BuildPrompt(string query, string first, string second) => BuildPrompt(query, first, second, out _);

    /// <summary>The pair's prompt; <paramref name="truncated"/> counts the passages cut (to the cap or to fit).</summary>
    private int[] BuildPrompt(string query, string first, string second, out int truncated)
    {
        first ??= "";
        second ??= "";
        var cut = 0;
        string Render(int per)
        {
            var a = _model.TruncateToTokens(first, per);
            var b = _model.TruncateToTokens(second, per);
            cut = (a.Length < first.Length ? 1 : 0) + (b.Length < second.Length ? 1 : 0);
            return _prompt.Render(new Dictionary<string, string>
            {
                ["query"] = query,
                ["passage_a"] = a,
                ["passage_b"] = b,
            });
        }

        var fixedLength = _model.Encode(Render(0)).Length;
        if (fixedLength > _maxLength)
        {
            throw new PromptTooLongException(
                $"The pairwise prompt needs {fixedLength} tokens without passage text, more than the maximum of {_maxLength} (the smaller of the manifest's maxLength and the model's); " +
                "the query and the prompt are never truncated: shorten the query.");
        }

        // Both passages are capped at MaxPassageTokens, then lose an equal share until the pair fits (DocumentTruncation).
        var per = Math.Min(_template.MaxPassageTokens, (_maxLength - fixedLength) / 2);
        var (ids, _) = DocumentTruncation.Fit(
            _maxLength,
            () => _model.Encode(Render(per)),
            overshoot =>
            {
                if (per == 0)
                {
                    return false;
                }

                per = DocumentTruncation.ShrinkKeep(per, overshoot, 2);
                return true;
            },
            length => new PromptTooLongException(
                $"The pairwise prompt needs {length} tokens without passage text, more than the maximum of {_maxLength} (the smaller of the manifest's maxLength and the model's); " +
                "the query and the prompt are never truncated: shorten the query."));
        truncated = cut;
        return ids;
    }

    private float[] Score(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken)
    {
        var n = passages.Count;
        var scores = new float[n];
        if (n > 1)
        {
            var allPairs = _options.Strategy == PairwiseStrategy.AllPairs
                || (_options.Strategy == PairwiseStrategy.Auto && n <= _options.AllPairsMaxCandidates);
            scores = allPairs ? AllPairs(query, passages, cancellationToken) : BubbleTopK(query, passages, cancellationToken);
        }

        Statistics.AddPassages(n);
        return scores;
    }

    private float[] AllPairs(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken)
    {
        var n = passages.Count;
        var pairs = new List<(int I, int J)>();
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                pairs.Add((i, j));
            }
        }

        var preferences = Preferences(query, passages, pairs, cancellationToken);
        var scores = new double[n];
        for (var p = 0; p < pairs.Count; p++)
        {
            scores[pairs[p].I] += preferences[p];
            scores[pairs[p].J] -= preferences[p];
        }

        return [.. scores.Select(s => (float)s)];
    }

    private float[] BubbleTopK(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken)
    {
        var n = passages.Count;
        var order = Enumerable.Range(0, n).ToArray();
        var passes = Math.Min(_options.TopK, n - 1);

        // A later pass often meets a pair an earlier one compared (the runner-up of one pass meets the same neighbours
        // in the next): the preference is antisymmetric and the model deterministic, so it is asked once.
        var known = new Dictionary<(int, int), double>();
        for (var pass = 0; pass < passes; pass++)
        {
            for (var i = n - 2; i >= pass; i--)
            {
                var (a, b) = (order[i], order[i + 1]);
                if (!known.TryGetValue((a, b), out var preference))
                {
                    preference = Preferences(query, passages, [(a, b)], cancellationToken)[0];
                    known[(a, b)] = preference;
                    known[(b, a)] = -preference;
                }

                if (preference < 0)
                {
                    (order[i], order[i + 1]) = (order[i + 1], order[i]);
                }
            }
        }

        var scores = new float[n];
        for (var rank = 0; rank < n; rank++)
        {
            scores[order[rank]] = n - rank;
        }

        return scores;
    }

    /// <summary>Preference of I over J for each pair, from both orders run in one batch.</summary>
    private double[] Preferences(string query, IReadOnlyList<string> passages, IReadOnlyList<(int I, int J)> pairs, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var prompts = new int[pairs.Count * 2][];
        for (var p = 0; p < pairs.Count; p++)
        {
            prompts[2 * p] = BuildPrompt(query, passages[pairs[p].I], passages[pairs[p].J], out var forward);
            prompts[(2 * p) + 1] = BuildPrompt(query, passages[pairs[p].J], passages[pairs[p].I], out var backward);
            Statistics.AddTruncations(forward + backward);
        }

        Statistics.AddTokenization(Stopwatch.GetTimestamp() - started);
        var logits = _model.LabelLogits(prompts, _labelIds, Statistics, cancellationToken);
        var result = new double[pairs.Count];
        for (var p = 0; p < pairs.Count; p++)
        {
            var forward = Difference(logits[2 * p]);
            var backward = Difference(logits[(2 * p) + 1]);
            result[p] = 0.5 * (forward - backward);
        }

        return result;
    }

    private double Difference(float[] logits)
    {
        if (!float.IsFinite(logits[0]) || !float.IsFinite(logits[1]))
        {
            throw new InvalidDataException(
                $"Model '{_model.Name}' gave a non-finite label logit ({_template.LabelA}: {logits[0]}, {_template.LabelB}: {logits[1]}); cannot compare the pair.");
        }

        return (double)logits[0] - logits[1];
    }
}
