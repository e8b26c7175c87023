using System.Diagnostics;
using LuceneRerank.Models;
using LuceneRerank.Text;

namespace LuceneRerank.Reranking.Llm;

/// <summary>
/// Query-likelihood LLM reranker (UPR, TSARankLLM): how likely the model finds the query after reading the passage.
/// One teacher-forced forward pass per passage over prompt + query; the log-probabilities of the query's tokens are
/// read at the positions before each of them.
/// </summary>
/// <remarks>
/// Score = the mean (default) or sum of log p(query token | prompt with the passage, earlier query tokens); see
/// <see cref="QueryLikelihoodAggregation"/>: for one query, mean and sum rank passages identically, and the mean is on
/// a per-token scale comparable across queries. Always ≤ 0; higher is more relevant. Cost: one pass per passage of
/// (prompt + passage + query) tokens. Passages are truncated to fit; the query and fixed prompt parts never are.
/// Thread-safe.
/// </remarks>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed class QueryLikelihoodReranker : IReranker, IRerankStatisticsSource
{
    private readonly DecoderOnlyModel _model;
    private readonly QueryLikelihoodPromptTemplate _template;
    private readonly PromptRenderer _renderer;
    private readonly PlaceholderTemplate _continuation;
    private readonly int _maxLength;

    /// <summary>Creates the reranker over <paramref name="model"/> with the manifest's query-likelihood prompt.</summary>
    /// <param name="model">The decoder.</param>
    /// <param name="manifest">An <c>llm-query-likelihood</c> model manifest (<see cref="QueryLikelihoodPromptTemplate.FromManifest"/>); its <c>maxLength</c> caps the prompt.</param>
    /// <param name="maxLength">A prompt-length cap below the manifest's and the model's; <c>null</c>: none.</param>
    /// <exception cref="InvalidDataException">
    /// The manifest is not an <c>llm-query-likelihood</c> manifest, its prompt is malformed, its template lacks
    /// <c>{document}</c> or uses a placeholder other than <c>{instruction}</c>, or its continuation lacks <c>{query}</c>.
    /// </exception>
    public QueryLikelihoodReranker(DecoderOnlyModel model, ModelManifest manifest, int? maxLength = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(manifest);
        _model = model;
        _template = QueryLikelihoodPromptTemplate.FromManifest(manifest);
        var source = $"model manifest '{manifest.Name}' (llm-query-likelihood)";
        _renderer = new PromptRenderer(model.Tokenizer, _template.Prefix, _template.Body, _template.Suffix, ["instruction"], source + " prompt.template");
        _continuation = PromptRenderer.Parse(_template.Continuation, ["query", "instruction"], source + " prompt.continuation", required: ["query"]);
        _maxLength = new[] { manifest.MaxLength, maxLength, model.MaxLength }.Where(l => l.HasValue).Min(l => l!.Value);
        var aggregation = _template.Aggregation == QueryLikelihoodAggregation.Mean ? "mean" : "sum";
        Description = new RerankerDescription
        {
            Name = RerankerMethodName.Of(manifest.Name, "query likelihood"),
            MaxLength = _maxLength,
            ScoreMeaning = $"{aggregation} log p(query token | passage prompt, earlier query tokens), teacher-forced; ≤ 0, higher is more relevant",
            ExecutionProvider = model.ExecutionProvider,
            Notes =
            [
                "one forward pass per passage",
                model.MemoryNote(),
                $"passages truncated to fit {_maxLength} tokens; query and prompt never truncated",
            ],
        };
    }

    /// <inheritdoc />
    public RerankerDescription Description { get; }

    /// <inheritdoc />
    public RerankStatistics Statistics { get; } = new();

    /// <summary>The model input for one passage: prompt tokens followed by the query tokens, and where the query starts.</summary>
    internal (PromptTokens Prompt, int[] Sequence, int QueryStart) BuildInput(string query, string passage)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passage);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["query"] = _model.Tokenizer.Normalize(query),
            ["instruction"] = _template.Instruction,
        };
        var continuation = _model.Tokenizer.EncodeToIds(_continuation.Render(values));
        if (continuation.Length == 0)
        {
            throw new ArgumentException("The query is empty: query likelihood has nothing to score.", nameof(query));
        }

        var prompt = _renderer.Render(values, passage, _maxLength - continuation.Length, $", and the query continuation {continuation.Length}");
        return (prompt, [.. prompt.Ids, .. continuation], prompt.Ids.Length);
    }

    /// <inheritdoc />
    public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passages);
        if (passages.Count == 0)
        {
            return Task.FromResult(Array.Empty<float>());
        }

        return CompletedScores.Run(
            () =>
            {
                var started = Stopwatch.GetTimestamp();
                var inputs = passages.Select(p => BuildInput(query, p)).ToArray();
                Statistics.AddTokenization(Stopwatch.GetTimestamp() - started);
                Statistics.AddTruncations(inputs.Count(i => i.Prompt.DocumentTruncated));
                var logProbabilities = _model.ScoreContinuations(
                    inputs.Select(i => i.Sequence).ToArray(), inputs.Select(i => i.QueryStart).ToArray(), Statistics, cancellationToken);
                Statistics.AddPassages(passages.Count);
                return logProbabilities
                    .Select(l => _template.Aggregation == QueryLikelihoodAggregation.Mean ? l.Average() : l.Sum())
                    .ToArray();
            },
            cancellationToken);
    }
}
