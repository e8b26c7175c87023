using System.Diagnostics;
using LuceneRerank.Models;
using LuceneRerank.Reranking.Llm;

namespace LuceneRerank.Reranking.InContext;

/// <summary>
/// In-context reranking (ICR; Chen, Jiménez Gutiérrez and Su, "Attention in Large Language Models Yields Efficient
/// Zero-Shot Re-Rankers", ICLR 2025): all passages and the query in one prompt, no generation. A passage's score is
/// the attention the query's tokens pay to its tokens, minus the attention that a content-free query (<c>"N/A"</c>)
/// pays to them in the same prompt, which removes the model's positional and lexical biases.
/// </summary>
/// <remarks>
/// <para>Per pass (<see cref="DecoderAttentionModel"/>), for each prompt position k: a[k] = Σ over all layers and heads
/// of the mean over query-span rows t of the attention probability A[layer, head, t, k]. The query span runs from the
/// start of <see cref="IcrPromptTemplate.Query"/> to the end of the prompt. Per passage token, d[k] = a_query[k] −
/// a_calibration[k]; tokens with d[k] below the passage's mean − 2 standard deviations are dropped as biased (the
/// official code's default, <c>masked_NA_calibration</c>); the score is Σ d[k] over the kept tokens
/// (<see cref="IcrDocumentAttention"/> gives both masses). Higher is more relevant.</para>
/// <para>Cost: 2 forward passes (query and calibration) per window, each over the whole prompt (prefix + passages +
/// query part); no generated tokens. The passages are read in the given order (the first-stage best first, as the paper
/// does); a window holds as many as fit the maximum length, and when they do not all fit, consecutive windows are
/// read and scored separately (the paper notes that ICR works best with all passages in one prompt: raise the
/// maximum length or lower <see cref="IcrPromptTemplate.MaxDocumentTokens"/> to get one window).</para>
/// <para>Thread-safe.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed class IcrReranker : IReranker, IRerankStatisticsSource
{
    private readonly DecoderAttentionModel _model;
    private readonly IcrPromptTemplate _template;
    private readonly IcrPromptBuilder _builder;
    private readonly int _maxLength;

    /// <summary>Creates the reranker over <paramref name="model"/> with the prompt of an <c>llm-icr</c> manifest.</summary>
    /// <param name="model">The decoder with attention outputs.</param>
    /// <param name="manifest">An <c>llm-icr</c> model manifest (<see cref="IcrPromptTemplate.FromManifest"/>); its <c>maxLength</c> caps the prompt and its name names the reranker.</param>
    /// <param name="maxLength">A prompt-length cap below the manifest's and the model's; <c>null</c>: none.</param>
    /// <exception cref="InvalidDataException">The manifest is not an <c>llm-icr</c> manifest or its prompt is malformed.</exception>
    public IcrReranker(DecoderAttentionModel model, ModelManifest manifest, int? maxLength)
        : this(model, IcrPromptTemplate.FromManifest(manifest ?? throw new ArgumentNullException(nameof(manifest))), manifest.Name, Min(manifest.MaxLength, maxLength))
    {
    }

    /// <summary>Creates the reranker over <paramref name="model"/> with <paramref name="template"/>.</summary>
    /// <param name="model">The decoder with attention outputs.</param>
    /// <param name="template">The prompt.</param>
    /// <param name="name">The reranker's name (shown in <c>Explain</c>), for example the model's.</param>
    /// <param name="maxLength">A prompt-length cap below the model's; <c>null</c>: the model's <see cref="DecoderAttentionModel.MaxLength"/>.</param>
    /// <exception cref="InvalidDataException">A template lacks <c>{document}</c> or <c>{query}</c>, uses an unknown placeholder, or maxDocumentTokens is below 1.</exception>
    public IcrReranker(DecoderAttentionModel model, IcrPromptTemplate template, string name, int? maxLength)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(name);
        if (maxLength is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "The maximum prompt length must be at least 1.");
        }

        _model = model;
        _template = template;
        _builder = new IcrPromptBuilder(model.Tokenizer, template, $"ICR prompt of '{name}'");
        _maxLength = Math.Min(maxLength ?? model.MaxLength, model.MaxLength);
        Description = new RerankerDescription
        {
            Name = RerankerMethodName.Of(name, "ICR"),
            MaxLength = _maxLength,
            ScoreMeaning = $"ICR attention mass: attention from the query's tokens to the passage's tokens minus that of the content-free query \"{template.CalibrationQuery}\", " +
                $"summed over {model.LayerCount} layers and all heads (mean over query tokens, biased tokens dropped); higher is more relevant, comparable within one prompt window",
            ExecutionProvider = model.ExecutionProvider,
            Notes =
            [
                $"2 forward passes per window (query and calibration), each over the whole prompt; a window holds the passages that fit {_maxLength} tokens",
                $"passages cut to {template.MaxDocumentTokens} tokens; the query and the prompt are never truncated",
                $"memory per pass ≈ {model.LayerCount} layers × heads × rows × tokens × 4 bytes of attention outputs",
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

        return CompletedScores.Run(() => [.. Score(query, passages, cancellationToken).Select(a => (float)a.Score)], cancellationToken);
    }

    /// <summary>
    /// Scores the passages as <see cref="ScoreAsync"/> does and returns, for each, the attention behind its score: the
    /// query and calibration masses (their difference is the score <c>Explain</c> reports), the tokens kept and the window.
    /// </summary>
    public Task<IcrDocumentAttention[]> ScoreWithAttentionAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passages);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(passages.Count == 0 ? [] : Score(query, passages, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IcrDocumentAttention[]>(cancellationToken);
        }
        catch (Exception e)
        {
            return Task.FromException<IcrDocumentAttention[]>(e);
        }
    }

    /// <summary>The windows' prompts for the real query (for inspection and tests): which passages each holds, and its tokens.</summary>
    internal IReadOnlyList<(int[] Members, IcrPrompt Query, IcrPrompt Calibration)> BuildWindows(string query, IReadOnlyList<string> passages, out bool[] truncated)
    {
        var documents = new string[passages.Count];
        truncated = new bool[passages.Count];
        for (var i = 0; i < documents.Length; i++)
        {
            var text = passages[i] ?? "";
            documents[i] = _builder.Truncate(text, _template.MaxDocumentTokens);
            truncated[i] = documents[i].Length < text.Length;
        }

        var fixedTokens = Math.Max(_builder.Build(query, []).Ids.Length, _builder.Build(_template.CalibrationQuery, []).Ids.Length);
        var emptyEntry = _builder.EntryTokens("", 1);
        if (fixedTokens + emptyEntry > _maxLength)
        {
            throw new PromptTooLongException(
                $"The ICR prompt needs {fixedTokens} tokens without any passage (prefix, query part with the query, suffix) and {emptyEntry} for an empty passage entry, " +
                $"more than the maximum of {_maxLength} (the smaller of the manifest's maxLength and the model's); the query and the prompt are never truncated: shorten the query or raise the maximum length.");
        }

        // Greedy windows from the token estimates of each entry; each is then checked against the real tokenisation.
        var windows = new List<List<int>>();
        var current = new List<int>();
        var used = fixedTokens;
        for (var i = 0; i < documents.Length; i++)
        {
            var cost = _builder.EntryTokens(documents[i], current.Count + 1);
            if (current.Count > 0 && used + cost > _maxLength)
            {
                windows.Add(current);
                (current, used) = ([], fixedTokens);
                cost = _builder.EntryTokens(documents[i], 1);
            }

            if (used + cost > _maxLength)
            {
                documents[i] = _builder.Truncate(documents[i], _maxLength - fixedTokens - emptyEntry);
                truncated[i] = true;
                cost = _builder.EntryTokens(documents[i], 1);
            }

            current.Add(i);
            used += cost;
        }

        windows.Add(current);
        var built = new List<(int[], IcrPrompt, IcrPrompt)>();
        for (var w = 0; w < windows.Count; w++)
        {
            var members = windows[w];
            var texts = members.Select(i => documents[i]).ToArray();
            var prompt = _builder.Build(query, texts);
            var calibration = _builder.Build(_template.CalibrationQuery, texts);
            var overshoot = Math.Max(prompt.Ids.Length, calibration.Ids.Length) - _maxLength;
            if (overshoot > 0)
            {
                if (members.Count > 1)
                {
                    // The last passage moves to the next window.
                    if (w + 1 == windows.Count)
                    {
                        windows.Add([]);
                    }

                    windows[w + 1].Insert(0, members[^1]);
                    members.RemoveAt(members.Count - 1);
                }
                else if (documents[members[0]].Length == 0)
                {
                    throw new PromptTooLongException(
                        $"The ICR prompt with one empty passage needs {_maxLength + overshoot} tokens, more than the maximum of {_maxLength}; shorten the query or raise the maximum length.");
                }
                else
                {
                    var only = members[0];
                    // Strictly shorter each time (its own token count minus the overshoot), so this ends.
                    documents[only] = _builder.Truncate(documents[only], _builder.DocumentTokens(documents[only]) - overshoot);
                    truncated[only] = true;
                }

                w--;
                continue;
            }

            CheckSameSpans(prompt, calibration);
            built.Add(([.. members], prompt, calibration));
        }

        return built;
    }

    private static int? Min(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private IcrDocumentAttention[] Score(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var windows = BuildWindows(query, passages, out var truncated);
        Statistics.AddTokenization(Stopwatch.GetTimestamp() - started);
        Statistics.AddTruncations(truncated.Count(t => t));
        var results = new IcrDocumentAttention[passages.Count];
        for (var w = 0; w < windows.Count; w++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (members, prompt, calibration) = windows[w];
            var queryAttention = _model.QuerySpanAttention(prompt.Ids, prompt.QueryStart, Statistics, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            var calibrationAttention = _model.QuerySpanAttention(calibration.Ids, calibration.QueryStart, Statistics, cancellationToken);
            for (var m = 0; m < members.Length; m++)
            {
                var span = prompt.DocumentSpans[m];
                var (score, queryMass, calibrationMass, kept) = IcrScoring.Score(queryAttention, calibrationAttention, span);
                results[members[m]] = new IcrDocumentAttention
                {
                    Score = score,
                    QueryAttention = queryMass,
                    CalibrationAttention = calibrationMass,
                    Tokens = span.End - span.Start,
                    KeptTokens = kept,
                    Window = w,
                    WindowCount = windows.Count,
                    Truncated = truncated[members[m]],
                };
            }
        }

        Statistics.AddPassages(passages.Count);
        return results;
    }

    /// <summary>Both passes must read the same passage tokens at the same positions, or their attentions do not subtract.</summary>
    private void CheckSameSpans(IcrPrompt prompt, IcrPrompt calibration)
    {
        var same = prompt.DocumentSpans.SequenceEqual(calibration.DocumentSpans) &&
            prompt.DocumentSpans.Count > 0 &&
            prompt.Ids.AsSpan(0, prompt.DocumentSpans[^1].End).SequenceEqual(calibration.Ids.AsSpan(0, calibration.DocumentSpans[^1].End));
        if (!same)
        {
            throw new InvalidDataException(
                $"{Description.Name}: the passages tokenise differently before the query \"{_template.CalibrationQuery}\" than before the real query, so the two passes " +
                "cannot be compared token by token; end the prompt's separator with a newline or a space so that the query part starts a new token.");
        }
    }
}
