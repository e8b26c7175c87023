using System.Diagnostics;
using System.Globalization;
using System.Text;
using LuceneRerank.Reranking.Generation;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Text;

namespace LuceneRerank.Reranking.Reasoning;

/// <summary>
/// What the three reasoning rerankers share: rendering a prompt whose passages are cut to fit, running the generator,
/// counting the work (<see cref="RerankStatistics"/> and <see cref="ReasoningStatistics"/>) and reporting the reasoning
/// (<see cref="RerankReasoning"/>, to the caller's list and to the rescoring's scope).
/// </summary>
/// <remarks>
/// Cost accounting: one generation is one forward pass of its prompt (<see cref="RerankStatistics.ForwardPasses"/>),
/// whose prompt tokens are <see cref="RerankStatistics.TokensProcessed"/>; the tokens written are
/// <see cref="RerankStatistics.GeneratedTokens"/>; one call of the generator is one batch. Inference time is the
/// generator's wall time.
/// </remarks>
internal sealed class ReasoningEngine
{
    private readonly ITextGenerator _generator;
    private readonly PlaceholderTemplate _prefix;
    private readonly PlaceholderTemplate _entry;
    private readonly PlaceholderTemplate _suffix;
    private readonly bool _pointwise;
    private readonly string _source;

    /// <summary>Parses the template's parts; <paramref name="pointwise"/> selects the pointwise placeholders.</summary>
    /// <exception cref="InvalidDataException">A limit below 1, or a prompt no passage could fit into.</exception>
    /// <exception cref="FormatException">A part has an unknown placeholder or lacks a required one.</exception>
    public ReasoningEngine(ITextGenerator generator, ReasoningPromptTemplate template, ReasoningRerankerOptions options, string name, bool pointwise)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);
        _generator = generator;
        Template = template;
        _pointwise = pointwise;
        _source = $"reasoning prompt for '{name}'";
        MaxNewTokens = options.MaxNewTokens ?? template.MaxNewTokens;
        MaxLength = options.MaxLength ?? template.MaxLength;
        MaxReasoningChars = options.MaxReasoningChars;
        Require(template.MaxPassageTokens, "maxPassageTokens");
        Require(MaxNewTokens, "maxNewTokens");
        Require(MaxReasoningChars, "MaxReasoningChars");
        if (MaxLength <= MaxNewTokens)
        {
            throw new InvalidDataException(
                $"{_source}: maxLength {MaxLength} leaves no room for a prompt after maxNewTokens {MaxNewTokens}; raise maxLength or lower maxNewTokens.");
        }

        string[] outer = pointwise ? ["query", "instruction"] : ["query", "count"];
        string[] entry = pointwise ? ["query", "instruction", "document"] : ["label", "passage"];
        string[] required = pointwise ? ["document"] : ["label", "passage"];
        _prefix = PlaceholderTemplate.Parse(template.Prefix, outer, [], _source + " prefix");
        _suffix = PlaceholderTemplate.Parse(template.Suffix, outer, [], _source + " suffix");
        _entry = PlaceholderTemplate.Parse(template.Entry, entry, required, _source + " template");
        var stops = template.AnswerFormat.AnswerEnd.Length > 0 ? new[] { template.AnswerFormat.AnswerEnd } : [];
        StopStrings = stops;
    }

    /// <summary>The prompt template.</summary>
    public ReasoningPromptTemplate Template { get; }

    /// <summary>Most tokens written per prompt.</summary>
    public int MaxNewTokens { get; }

    /// <summary>Most tokens of prompt plus generation.</summary>
    public int MaxLength { get; }

    /// <summary>Characters of reasoning kept per generation.</summary>
    public int MaxReasoningChars { get; }

    /// <summary>Stop strings of every generation: the answer's end tag, when there is one.</summary>
    public IReadOnlyList<string> StopStrings { get; }

    /// <summary>The generator.</summary>
    public ITextGenerator Generator => _generator;

    /// <summary>The cumulative counters of the reranker.</summary>
    public RerankStatistics Statistics { get; } = new();

    /// <summary>The reasoning-specific counters of the reranker.</summary>
    public ReasoningStatistics Reasoning { get; } = new();

    /// <summary>
    /// The prompt over <paramref name="passages"/> (setwise, listwise: numbered entries; pointwise: one passage), each
    /// cut to <see cref="ReasoningPromptTemplate.MaxPassageTokens"/> and, when the prompt would exceed
    /// <see cref="MaxLength"/> − <see cref="MaxNewTokens"/>, all shortened by equal shares.
    /// </summary>
    /// <exception cref="PromptTooLongException">The prompt does not fit even with empty passages.</exception>
    public string Render(string query, IReadOnlyList<string> passages)
    {
        var started = Stopwatch.GetTimestamp();
        var outer = new Dictionary<string, string>
        {
            ["query"] = query,
            ["count"] = passages.Count.ToString(CultureInfo.InvariantCulture),
            ["instruction"] = Template.Instruction,
        };
        var prefix = _prefix.Render(outer);
        var suffix = _suffix.Render(outer);
        var tokens = passages.Select(p => _generator.Tokenize(p ?? "")).ToArray();
        var cut = 0;

        string RenderWith(int keep)
        {
            cut = 0;
            var text = new StringBuilder(prefix);
            for (var i = 0; i < passages.Count; i++)
            {
                var passage = passages[i] ?? "";
                if (tokens[i].Count > keep)
                {
                    passage = keep == 0 ? "" : _generator.Decode([.. tokens[i].Take(keep)]);
                    cut++;
                }

                var values = new Dictionary<string, string>(outer)
                {
                    ["label"] = (i + 1).ToString(CultureInfo.InvariantCulture),
                    ["passage"] = passage,
                    ["document"] = passage,
                };
                text.Append(_entry.Render(values));
            }

            return text.Append(suffix).ToString();
        }

        var budget = MaxLength - MaxNewTokens;
        var fixedLength = _generator.CountTokens(RenderWith(0));
        PromptTooLongException TooLong(int length) => new(
            $"The {(_pointwise ? "pointwise" : passages.Count + "-passage")} reasoning prompt needs {length} tokens without any passage text, more than " +
            $"the {budget} left by maxLength {MaxLength} after maxNewTokens {MaxNewTokens}; the query and the prompt are never truncated: shorten the query" +
            (_pointwise ? "." : " or the set/window."));
        if (fixedLength > budget)
        {
            throw TooLong(fixedLength);
        }

        var keep = Math.Min(Template.MaxPassageTokens, (budget - fixedLength) / Math.Max(1, passages.Count));
        string prompt;
        while (true)
        {
            // The DocumentTruncation rule: passages lose equal shares of the overshoot; the rest is never cut.
            prompt = RenderWith(keep);
            var length = _generator.CountTokens(prompt);
            if (length <= budget)
            {
                break;
            }

            if (keep == 0)
            {
                throw TooLong(length);
            }

            keep = DocumentTruncation.ShrinkKeep(keep, length - budget, Math.Max(1, passages.Count));
        }

        Statistics.AddTokenization(Stopwatch.GetTimestamp() - started);
        Statistics.AddTruncations(cut);
        return prompt;
    }

    /// <summary>Generates for <paramref name="prompts"/> (one batch) and counts the work.</summary>
    public async Task<IReadOnlyList<GeneratedText>> GenerateAsync(
        IReadOnlyList<string> prompts, IReadOnlyList<int> trackedTokenIds, CancellationToken cancellationToken)
    {
        var options = new GenerationOptions
        {
            MaxNewTokens = MaxNewTokens,
            StopStrings = StopStrings,
            TrackedTokenIds = trackedTokenIds,
        };
        var started = Stopwatch.GetTimestamp();
        var results = await _generator.GenerateAsync(prompts, options, cancellationToken).ConfigureAwait(false);
        Statistics.AddInference(Stopwatch.GetTimestamp() - started);
        if (results.Count != prompts.Count)
        {
            throw new InvalidDataException($"The text generator returned {results.Count} results for {prompts.Count} prompts.");
        }

        long promptTokens = results.Sum(r => (long)r.PromptTokens);
        long generated = results.Sum(r => (long)r.TokenIds.Count);
        Statistics.AddForwardPasses(results.Count, promptTokens);
        Statistics.AddGeneratedTokens(generated);
        Reasoning.AddGenerations(results.Count, promptTokens, generated, results.Count(r => r.StopReason == GenerationStopReason.MaxNewTokens));
        return results;
    }

    /// <summary>Reports a generation's reasoning to <paramref name="sink"/> and to the rescoring's scope.</summary>
    public void Report(List<RerankReasoning> sink, IReadOnlyList<int> passages, int pass, GeneratedAnswer parsed, GeneratedText generated, string outcome)
    {
        var limit = generated.StopReason == GenerationStopReason.MaxNewTokens ? $" (stopped at maxNewTokens {MaxNewTokens})" : "";
        var reasoning = new RerankReasoning(
            [.. passages], pass, GeneratedAnswer.Cut(parsed.Reasoning, MaxReasoningChars),
            GeneratedAnswer.Cut(parsed.Answer ?? "", MaxReasoningChars), outcome + limit);
        sink.Add(reasoning);
        RerankCallScope.AddReasoning(reasoning);
    }

    private void Require(int value, string what)
    {
        if (value < 1)
        {
            throw new InvalidDataException($"{_source}: {what} must be at least 1, not {value}.");
        }
    }
}
