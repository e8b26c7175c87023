using System.Diagnostics;
using Lucene.Net.Search;
using LuceneRerank.Diagnostics;

namespace LuceneRerank.Rescoring;

/// <summary>
/// A Lucene <see cref="Rescorer"/> that runs several rerankers in a row, cheap to expensive: the first stage reranks
/// the top of the first-pass hits, each later stage reranks the top of the previous stage's result (for example a
/// cross-encoder over the top 100, then an LLM over the top 20).
/// </summary>
/// <remarks>
/// <para><b>Stages.</b> Each <see cref="CascadeStage"/> has its own <see cref="NeuralRescorerOptions"/>: window,
/// fusion (a later stage fuses with the previous stage's scores, which are its "first-pass" scores), time budget,
/// failure policy and text source. A stage's window may not exceed the previous stage's: the later, costlier model
/// sees only hits the earlier one already ranked. Every stage is one <see cref="NeuralRescorer"/> rescoring, so its
/// window, its tail (<see cref="NeuralRescorerOptions.BeyondWindow"/>) and its failures behave exactly as there:
/// with <see cref="BeyondWindowPolicy.Append"/> the hits below a stage's window keep the previous stage's order
/// below its reranked hits, with scores strictly below theirs. Intermediate stages keep every hit; only the last
/// one cuts to <c>topN</c>. A stage that falls back passes the previous stage's order on unchanged.</para>
/// <para><b>The query text.</b> As <see cref="NeuralRescorer"/>: bind it (constructor or <see cref="ForQuery"/>) to
/// use Lucene's <see cref="Rescore"/> and <see cref="Explain"/>, or pass it to
/// <see cref="RescoreAsync(IndexSearcher, TopDocs, string, int, CancellationToken)"/>.</para>
/// <para><b>Result and Explain.</b> <see cref="CascadeResult"/> holds the final hits, every stage's
/// <see cref="RescoreResult"/> and timings (wall, tokenisation, inference), and explains a document through every
/// stage. Lucene's <see cref="Explain"/> reports from <see cref="LastResult"/> when it holds the document (the same
/// caveat about concurrent use applies as for <see cref="NeuralRescorer.LastResult"/>).</para>
/// <para><b>Telemetry.</b> A <c>lucenererank.cascade</c> span holds one <c>lucenererank.cascade.stage</c> span per
/// stage, each holding the stage's <c>lucenererank.rescore</c> span.</para>
/// </remarks>
public sealed class CascadeRescorer : Rescorer
{
    private CascadeResult? _lastResult;

    /// <summary>Creates a cascade.</summary>
    /// <param name="stages">The stages, first to last.</param>
    /// <param name="query">The query text to bind, or <c>null</c> for an unbound cascade.</param>
    /// <exception cref="ArgumentException">No stage, a null stage, or a stage whose window is larger than the previous one's.</exception>
    public CascadeRescorer(IEnumerable<CascadeStage> stages, string? query = null)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var list = stages.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("A cascade needs at least one stage.", nameof(stages));
        }

        for (var i = 0; i < list.Length; i++)
        {
            if (list[i] is null)
            {
                throw new ArgumentException($"Stage {i + 1} is null.", nameof(stages));
            }

            if (i > 0 && list[i].Window > list[i - 1].Window)
            {
                throw new ArgumentException(
                    $"Stage {i + 1}'s window ({list[i].Window}) is larger than stage {i}'s ({list[i - 1].Window}): " +
                    "a later stage reranks the top of the previous stage's result.", nameof(stages));
            }
        }

        Stages = Array.AsReadOnly(list);
        Query = query;
    }

    private CascadeRescorer(IReadOnlyList<CascadeStage> validatedStages, string query)
    {
        Stages = validatedStages;
        Query = query;
    }

    /// <summary>The stages, first to last.</summary>
    public IReadOnlyList<CascadeStage> Stages { get; }

    /// <summary>The bound query text, or <c>null</c> when the cascade is unbound.</summary>
    public string? Query { get; }

    /// <summary>The result of the most recent rescoring by this instance, or <c>null</c>.</summary>
    public CascadeResult? LastResult => Volatile.Read(ref _lastResult);

    /// <summary>A cascade with the same stages, bound to <paramref name="query"/> (cheap: stages are shared).</summary>
    public CascadeRescorer ForQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new CascadeRescorer(Stages, query);
    }

    /// <summary>
    /// Reranks with the bound query and returns the final hits (Lucene's synchronous API; it blocks on
    /// <see cref="RescoreAsync(IndexSearcher, TopDocs, int, CancellationToken)"/> on a pool thread).
    /// </summary>
    /// <exception cref="InvalidOperationException">The cascade has no bound query.</exception>
    public override TopDocs Rescore(IndexSearcher searcher, TopDocs firstPassTopDocs, int topN)
    {
        var query = RequireQuery();
        return Task.Run(() => RescoreAsync(searcher, firstPassTopDocs, query, topN, CancellationToken.None))
            .GetAwaiter().GetResult().TopDocs;
    }

    /// <summary>Reranks with the bound query.</summary>
    /// <exception cref="InvalidOperationException">The cascade has no bound query.</exception>
    public Task<CascadeResult> RescoreAsync(
        IndexSearcher searcher, TopDocs firstPassTopDocs, int topN, CancellationToken cancellationToken = default) =>
        RescoreAsync(searcher, firstPassTopDocs, RequireQuery(), topN, cancellationToken);

    /// <summary>Runs every stage with the given query (bound or not, the cascade uses this one).</summary>
    /// <param name="searcher">The searcher whose stored fields hold the passages.</param>
    /// <param name="firstPassTopDocs">The first-pass hits, best first; not changed.</param>
    /// <param name="query">The query text every stage's reranker scores against.</param>
    /// <param name="topN">How many hits to return, at least 0.</param>
    /// <param name="cancellationToken">Cancels the cascade with <see cref="OperationCanceledException"/>.</param>
    public async Task<CascadeResult> RescoreAsync(
        IndexSearcher searcher, TopDocs firstPassTopDocs, string query, int topN, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        ArgumentNullException.ThrowIfNull(firstPassTopDocs);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(topN);
        var started = Stopwatch.GetTimestamp();
        using var activity = RerankTelemetry.Source.StartActivity(RerankTelemetry.CascadeSpan);
        activity?.SetTag(RerankTelemetry.StagesTag, Stages.Count);
        var results = new RescoreResult[Stages.Count];
        var current = firstPassTopDocs;
        for (var i = 0; i < Stages.Count; i++)
        {
            var stage = Stages[i];
            var last = i == Stages.Count - 1;
            using var stageActivity = RerankTelemetry.Source.StartActivity(RerankTelemetry.StageSpan);
            if (stageActivity is not null)
            {
                var description = stage.Reranker.Description;
                stageActivity.SetTag(RerankTelemetry.StageTag, i + 1);
                stageActivity.SetTag(RerankTelemetry.ModelTag, description.Name);
                stageActivity.SetTag(RerankTelemetry.ProviderTag, description.ExecutionProvider);
                stageActivity.SetTag(RerankTelemetry.WindowTag, stage.Window);
            }

            // Intermediate stages keep every hit they pass on; only the last one cuts to topN.
            var stageTopN = last || topN == 0 ? topN : current.ScoreDocs?.Length ?? 0;
            try
            {
                results[i] = await RescorePipeline.RunAsync(
                    stage.Reranker, stage.Options, searcher, current, query, stageTopN, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                stageActivity?.SetTag(RerankTelemetry.ErrorTypeTag, e.GetType().FullName);
                stageActivity?.SetStatus(ActivityStatusCode.Error, e.Message);
                activity?.SetTag(RerankTelemetry.ErrorTypeTag, e.GetType().FullName);
                activity?.SetStatus(ActivityStatusCode.Error, $"stage {i + 1}: {e.Message}");
                throw;
            }

            stageActivity?.SetTag(RerankTelemetry.FallbackReasonTag, results[i].FallbackReason.ToString());
            current = results[i].TopDocs;
        }

        var result = new CascadeResult(current, query, topN, results, Stopwatch.GetElapsedTime(started));
        Volatile.Write(ref _lastResult, result);
        return result;
    }

    /// <summary>
    /// Explains a document through every stage: from the last rescoring when it saw the document, otherwise by
    /// scoring the document alone in each stage with the bound query.
    /// </summary>
    public override Explanation Explain(IndexSearcher searcher, Explanation firstPassExplanation, int docID)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        var last = LastResult;
        if (last is not null && last.Stages[0].FindHit(docID) is not null)
        {
            return last.Explain(docID, firstPassExplanation);
        }

        var query = RequireQuery();
        var explanation = firstPassExplanation;
        foreach (var stage in Stages)
        {
            explanation = stage.Rescorer.ForQuery(query).Explain(searcher, explanation, docID);
        }

        return explanation;
    }

    private string RequireQuery() => Query ?? throw new InvalidOperationException(
        "This CascadeRescorer has no query text: create it with CascadeRescorer.ForQuery(query) or the constructor's " +
        "query argument, or call RescoreAsync(searcher, topDocs, query, topN, cancellationToken).");
}
