using Lucene.Net.Search;
using LuceneRerank.Reranking;

namespace LuceneRerank.Rescoring;

/// <summary>
/// A Lucene <see cref="Rescorer"/> that reranks the top first-pass hits with a neural <see cref="IReranker"/> and
/// merges the model's scores into a new <see cref="TopDocs"/>.
/// </summary>
/// <remarks>
/// <para><b>The query text.</b> Lucene's <see cref="Rescorer"/> API carries no query string, and a reranker needs one.
/// A rescorer is therefore either bound to a query, by the constructor's <c>query</c> argument or by
/// <see cref="ForQuery"/> (cheap: it shares the reranker and options), and then works through the plain Lucene API
/// (<see cref="Rescore"/>, <see cref="Explain"/>); or it is unbound and used through
/// <see cref="RescoreAsync(IndexSearcher, TopDocs, string, int, CancellationToken)"/>, which takes the query per call.</para>
/// <para><b>Semantics.</b> The caller's <see cref="TopDocs"/> and <see cref="ScoreDoc"/>s are never changed; empty
/// first-pass hits or <c>topN</c> 0 give an empty result without calling the reranker; <c>topN</c> larger than the
/// available hits returns them all; ties are broken by first-pass rank; <see cref="TopDocs.TotalHits"/> is kept;
/// <see cref="TopDocs.MaxScore"/> is the largest returned score (NaN when nothing is returned). The first
/// <see cref="NeuralRescorerOptions.Window"/> hits are reranked; the rest follow
/// <see cref="NeuralRescorerOptions.BeyondWindow"/>.</para>
/// <para><b>Failures.</b> A reranker exception, unusable reranker output (<see cref="InvalidRerankerOutputException"/>)
/// or the end of the time budget follow <see cref="NeuralRescorerOptions.FailurePolicy"/>. A cancelled
/// <see cref="CancellationToken"/> always throws <see cref="OperationCanceledException"/>: cancelling is the caller's
/// own wish, not a failure to hide. Index errors and <see cref="MissingStoredFieldsException"/> always propagate.</para>
/// <para><b>Explain.</b> Lucene calls <see cref="Explain"/> per document after rescoring. Each rescoring's
/// <see cref="RescoreResult"/> is kept (<see cref="LastResult"/>, replaced atomically), and <see cref="Explain"/>
/// reports from it when it holds the document. A document the last rescoring did not see is scored alone, and the
/// explanation says so. When one rescorer instance is used from several threads at once, "last" is ambiguous: use
/// <see cref="ForQuery"/> per request, or keep the <see cref="RescoreResult"/> that <c>RescoreAsync</c> returns and
/// call its <see cref="RescoreResult.Explain"/>, which is always exact.</para>
/// <para><b>Observability.</b> Each rescoring's <see cref="RescoreResult.Statistics"/> holds what its reranker call
/// alone cost (exact under concurrency). The <c>LuceneRerank</c> meter and activity source record its duration,
/// pairs, tokens, tokenisation and inference time, batch sizes and fallbacks, in a <c>lucenererank.rescore</c> span
/// around a <c>lucenererank.rerank</c> span; <see cref="NeuralRescorerOptions.LoggerFactory"/> logs a fallback at
/// Warning (see the folder's README for names, units and tags).</para>
/// </remarks>
public sealed class NeuralRescorer : Rescorer
{
    private RescoreResult? _lastResult;

    /// <summary>Creates a rescorer.</summary>
    /// <param name="reranker">The model that scores passages.</param>
    /// <param name="options">Window, text source, fusion and policies; <c>null</c> for the defaults.</param>
    /// <param name="query">The query text to bind, or <c>null</c> for an unbound rescorer (see remarks).</param>
    public NeuralRescorer(IReranker reranker, NeuralRescorerOptions? options = null, string? query = null)
    {
        ArgumentNullException.ThrowIfNull(reranker);
        options ??= new NeuralRescorerOptions();
        if (options.TextSource is null || options.Fusion is null)
        {
            throw new ArgumentException("NeuralRescorerOptions.TextSource and Fusion must not be null.", nameof(options));
        }

        if (!Enum.IsDefined(options.BeyondWindow) || !Enum.IsDefined(options.FailurePolicy))
        {
            throw new ArgumentException("NeuralRescorerOptions has an unknown BeyondWindow or FailurePolicy value.", nameof(options));
        }

        Reranker = reranker;
        Options = options;
        Query = query;
    }

    /// <summary>The reranker.</summary>
    public IReranker Reranker { get; }

    /// <summary>The options.</summary>
    public NeuralRescorerOptions Options { get; }

    /// <summary>The bound query text, or <c>null</c> when the rescorer is unbound.</summary>
    public string? Query { get; }

    /// <summary>The result of the most recent rescoring by this instance, or <c>null</c>.</summary>
    public RescoreResult? LastResult => Volatile.Read(ref _lastResult);

    /// <summary>A rescorer with the same reranker and options, bound to <paramref name="query"/>.</summary>
    public NeuralRescorer ForQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new NeuralRescorer(Reranker, Options, query);
    }

    /// <summary>
    /// Reranks with the bound query and returns the new hits (Lucene's synchronous API; it blocks on
    /// <see cref="RescoreAsync(IndexSearcher, TopDocs, int, CancellationToken)"/> on a pool thread).
    /// </summary>
    /// <exception cref="InvalidOperationException">The rescorer has no bound query.</exception>
    public override TopDocs Rescore(IndexSearcher searcher, TopDocs firstPassTopDocs, int topN)
    {
        var query = RequireQuery();
        return Task.Run(() => RescoreAsync(searcher, firstPassTopDocs, query, topN, CancellationToken.None))
            .GetAwaiter().GetResult().TopDocs;
    }

    /// <summary>Reranks with the bound query.</summary>
    /// <exception cref="InvalidOperationException">The rescorer has no bound query.</exception>
    public Task<RescoreResult> RescoreAsync(
        IndexSearcher searcher, TopDocs firstPassTopDocs, int topN, CancellationToken cancellationToken = default) =>
        RescoreAsync(searcher, firstPassTopDocs, RequireQuery(), topN, cancellationToken);

    /// <summary>Reranks with the given query (bound or not, the rescorer uses this one).</summary>
    /// <param name="searcher">The searcher whose stored fields hold the passages.</param>
    /// <param name="firstPassTopDocs">The first-pass hits, best first; not changed.</param>
    /// <param name="query">The query text the reranker scores against.</param>
    /// <param name="topN">How many hits to return, at least 0.</param>
    /// <param name="cancellationToken">Cancels the rescoring with <see cref="OperationCanceledException"/>.</param>
    public async Task<RescoreResult> RescoreAsync(
        IndexSearcher searcher, TopDocs firstPassTopDocs, string query, int topN, CancellationToken cancellationToken = default)
    {
        var result = await RescorePipeline.RunAsync(Reranker, Options, searcher, firstPassTopDocs, query, topN, cancellationToken)
            .ConfigureAwait(false);
        Volatile.Write(ref _lastResult, result);
        return result;
    }

    /// <summary>
    /// Explains a document: from the last rescoring when it saw the document (see remarks), otherwise by scoring
    /// the document alone with the bound query.
    /// </summary>
    public override Explanation Explain(IndexSearcher searcher, Explanation firstPassExplanation, int docID)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        var last = LastResult;
        if (last?.FindHit(docID) is not null)
        {
            return last.Explain(docID, firstPassExplanation);
        }

        return Task.Run(() => SingleDocumentExplainer.ExplainAsync(this, searcher, firstPassExplanation, RequireQuery(), docID))
            .GetAwaiter().GetResult();
    }

    private string RequireQuery() => Query ?? throw new InvalidOperationException(
        "This NeuralRescorer has no query text: create it with NeuralRescorer.ForQuery(query) or the constructor's " +
        "query argument, or call RescoreAsync(searcher, topDocs, query, topN, cancellationToken).");
}
