using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using Lucene.Net.Search;
using LuceneRerank.Diagnostics;
using LuceneRerank.Reranking;
using Microsoft.Extensions.Logging;

namespace LuceneRerank.Rescoring;

/// <summary>
/// One rescoring from start to end: copy the first pass, read passages, call the reranker, fuse, order. The only
/// place where the window and the tail (<see cref="BeyondWindowPolicy"/>) are applied: <see cref="NeuralRescorer"/>,
/// <see cref="CascadeRescorer"/>'s stages and the Toolkit's search pipeline all come here.
/// </summary>
internal static class RescorePipeline
{
    /// <summary>
    /// Runs one rescoring inside its telemetry: a <c>lucenererank.rescore</c> span, a per-call statistics scope (the
    /// result's <see cref="RescoreResult.Statistics"/>), the metrics, and the log (a fallback at Warning).
    /// </summary>
    public static async Task<RescoreResult> RunAsync(
        IReranker reranker,
        NeuralRescorerOptions options,
        IndexSearcher searcher,
        TopDocs firstPass,
        string query,
        int topN,
        CancellationToken cancellationToken)
    {
        var description = reranker.Description;
        var started = Stopwatch.GetTimestamp();
        using var activity = RerankTelemetry.Source.StartActivity(RerankTelemetry.RescoreSpan);
        activity?.SetTag(RerankTelemetry.ModelTag, description.Name);
        activity?.SetTag(RerankTelemetry.ProviderTag, description.ExecutionProvider);
        activity?.SetTag(RerankTelemetry.WindowTag, options.Window);
        var logger = options.LoggerFactory?.CreateLogger(RescoreLog.Category);
        var call = new RerankerCallRecord();
        RescoreResult result;
        RerankCallStatistics statistics;
        IReadOnlyList<RerankReasoning> reasoning;
        using (var scope = RerankCallScope.Begin(description.Name))
        {
            try
            {
                result = await RunCoreAsync(reranker, options, searcher, firstPass, query, topN, call, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception e)
            {
                var errorType = e.GetType().FullName ?? e.GetType().Name;
                RerankTelemetry.RecordRescore(description, Stopwatch.GetElapsedTime(started), call.Pairs, scope.Snapshot(), FallbackReason.None, errorType);
                activity?.SetTag(RerankTelemetry.ErrorTypeTag, errorType);
                activity?.SetStatus(ActivityStatusCode.Error, e.Message);
                if (logger is not null && e is not OperationCanceledException)
                {
                    RescoreLog.Failed(logger, e, description.Name, Provider(description), options.Window);
                }

                throw;
            }

            statistics = scope.Snapshot();
            reasoning = scope.Reasoning();
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        result.Complete(statistics, elapsed, reasoning);
        RerankTelemetry.RecordRescore(description, elapsed, call.Pairs, statistics, result.FallbackReason, null);
        activity?.SetTag(RerankTelemetry.PassagesTag, call.Pairs);
        activity?.SetTag(RerankTelemetry.FallbackReasonTag, result.FallbackReason.ToString());
        if (logger is not null)
        {
            if (result.FallbackUsed)
            {
                RescoreLog.Fallback(logger, result.Failure, result.FallbackReason, description.Name, Provider(description), options.Window);
            }
            else
            {
                RescoreLog.Rescored(logger, call.Pairs, description.Name, elapsed.TotalMilliseconds,
                    statistics.TokenizationTime.TotalMilliseconds, statistics.InferenceTime.TotalMilliseconds);
            }
        }

        return result;
    }

    private static string Provider(RerankerDescription description) =>
        description.ExecutionProvider.Length > 0 ? description.ExecutionProvider : "an unreported provider";

    /// <summary>One rescoring from start to end: copy the first pass, read passages, call the reranker, fuse, order.</summary>
    private static async Task<RescoreResult> RunCoreAsync(
        IReranker reranker,
        NeuralRescorerOptions options,
        IndexSearcher searcher,
        TopDocs firstPass,
        string query,
        int topN,
        RerankerCallRecord call,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        ArgumentNullException.ThrowIfNull(firstPass);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(topN);
        cancellationToken.ThrowIfCancellationRequested();

        // Copy what we need at once: the caller's ScoreDocs are never written, and later changes to them do not matter.
        var source = firstPass.ScoreDocs ?? Array.Empty<ScoreDoc>();
        var hits = new FirstPassHit[source.Length];
        for (var i = 0; i < source.Length; i++)
        {
            hits[i] = new FirstPassHit(source[i].Doc, source[i].Score, source[i].ShardIndex, i);
        }

        var windowSize = Math.Min(options.Window, hits.Length);
        if (hits.Length == 0 || topN == 0)
        {
            return Fallback(reranker, options, firstPass.TotalHits, query, topN, hits, windowSize, FallbackReason.None, null);
        }

        var window = hits.AsSpan(0, windowSize).ToArray();
        var fusion = options.Fusion;
        if (fusion.Mode is FusionMode.Linear or FusionMode.NormalizedLinear && Array.FindIndex(window, h => !float.IsFinite(h.Score)) is var bad and >= 0)
        {
            throw new ArgumentException(
                $"The first-pass hit at rank {bad + 1} has the score {window[bad].Score.ToString(CultureInfo.InvariantCulture)}" +
                (float.IsNaN(window[bad].Score) ? " (a search sorted by field without scores?)" : "") +
                $", which {fusion.Mode} fusion cannot combine (it would give NaN or infinite final scores); search with finite " +
                "scores, or use Replace or ReciprocalRank fusion.", nameof(firstPass));
        }

        using var budget = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        if (options.TimeBudget is { } timeBudget)
        {
            budget.CancelAfter(timeBudget);
        }

        float[] modelScores;
        PassageChunkChoice?[] chunks;
        try
        {
            // Reading passages is inside the budget but not under the failure policy: an index error or a
            // MissingStoredFieldsException always reaches the caller.
            var candidates = new RerankCandidate[window.Length];
            for (var i = 0; i < window.Length; i++)
            {
                linked.Token.ThrowIfCancellationRequested();
                candidates[i] = new RerankCandidate(options.TextSource.Read(searcher, window[i].Doc), window[i].Score, i)
                {
                    Document = new IndexedDocument(searcher.IndexReader, window[i].Doc),
                };
            }

            call.Pairs = candidates.Length;

            // With neither a budget nor a cancellable caller token nothing can stop the wait, so the reranker is called
            // inline; otherwise the invoker runs it off this thread and stops waiting when the token is cancelled.
            var rerankToken = options.TimeBudget is null && !cancellationToken.CanBeCanceled ? CancellationToken.None : linked.Token;
            modelScores = await ScoreAsync(reranker, query, candidates, rerankToken).ConfigureAwait(false);
            var scope = RerankCallScope.Current;
            chunks = candidates.Select(c => scope?.ChunkChoiceOf(c.Text)).ToArray();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The rescoring was cancelled by the caller.", cancellationToken);
        }
        catch (RerankerCallException wrapper) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The rescoring was cancelled by the caller.", wrapper.InnerException, cancellationToken);
        }
        catch (OperationCanceledException e) when (budget.IsCancellationRequested)
        {
            return TimedOut(reranker, options, firstPass.TotalHits, query, topN, hits, windowSize, e);
        }
        catch (RerankerCallException wrapper)
        {
            var e = wrapper.InnerException!;
            if (e is OperationCanceledException or TimeoutException && budget.IsCancellationRequested)
            {
                return TimedOut(reranker, options, firstPass.TotalHits, query, topN, hits, windowSize, e);
            }

            var reason = e is InvalidRerankerOutputException ? FallbackReason.InvalidRerankerOutput : FallbackReason.RerankerFailed;
            return Fail(reranker, options, firstPass.TotalHits, query, topN, hits, windowSize, reason, e, null);
        }

        return Reranked(reranker, options, firstPass.TotalHits, query, topN, hits, window, modelScores, chunks);
    }

    /// <summary>
    /// Calls the reranker inside a <c>lucenererank.rerank</c> span; whatever it throws comes out wrapped, to tell it
    /// apart from index errors.
    /// </summary>
    private static async Task<float[]> ScoreAsync(
        IReranker reranker, string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken token)
    {
        using var activity = RerankTelemetry.Source.StartActivity(RerankTelemetry.RerankSpan);
        if (activity is not null)
        {
            var description = reranker.Description;
            activity.SetTag(RerankTelemetry.ModelTag, description.Name);
            activity.SetTag(RerankTelemetry.ProviderTag, description.ExecutionProvider);
            activity.SetTag(RerankTelemetry.PassagesTag, candidates.Count);
        }

        try
        {
            return await RerankerInvoker.ScoreAsync(reranker, query, candidates, token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            activity?.SetTag(RerankTelemetry.ErrorTypeTag, e.GetType().FullName);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw new RerankerCallException(e);
        }
    }

    private static RescoreResult TimedOut(
        IReranker reranker, NeuralRescorerOptions options, int totalHits, string query, int topN, FirstPassHit[] hits,
        int windowSize, Exception cause)
    {
        var timeout = new TimeoutException(
            $"The reranker {reranker.Description.Name} did not finish within the time budget of " +
            $"{options.TimeBudget!.Value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)} ms.", cause);
        return Fail(reranker, options, totalHits, query, topN, hits, windowSize, FallbackReason.TimeBudgetExpired, timeout, timeout);
    }

    private static RescoreResult Fail(
        IReranker reranker, NeuralRescorerOptions options, int totalHits, string query, int topN, FirstPassHit[] hits,
        int windowSize, FallbackReason reason, Exception failure, Exception? toThrow)
    {
        if (options.FailurePolicy == FailurePolicy.Throw)
        {
            if (toThrow is not null)
            {
                throw toThrow;
            }

            ExceptionDispatchInfo.Throw(failure);
        }

        return Fallback(reranker, options, totalHits, query, topN, hits, windowSize, reason, failure);
    }

    /// <summary>The first-pass order and scores, over the hits a successful rescoring would have returned.</summary>
    private static RescoreResult Fallback(
        IReranker reranker, NeuralRescorerOptions options, int totalHits, string query, int topN, FirstPassHit[] hits,
        int windowSize, FallbackReason reason, Exception? failure)
    {
        var ordered = options.BeyondWindow == BeyondWindowPolicy.Drop ? windowSize : hits.Length;
        var returned = Math.Min(topN, ordered);
        var details = new RescoredHit[hits.Length];
        for (var i = 0; i < hits.Length; i++)
        {
            var hit = hits[i];
            var inOrder = i < ordered;
            details[i] = new RescoredHit
            {
                Doc = hit.Doc,
                ShardIndex = hit.ShardIndex,
                FirstPassRank = i,
                FirstPassScore = hit.Score,
                InWindow = i < windowSize,
                FinalScore = inOrder ? hit.Score : null,
                FinalRank = inOrder ? i : null,
                Returned = i < returned,
            };
        }

        var scoreDocs = new ScoreDoc[returned];
        for (var i = 0; i < returned; i++)
        {
            scoreDocs[i] = new ScoreDoc(hits[i].Doc, hits[i].Score, hits[i].ShardIndex);
        }

        return new RescoreResult(
            new TopDocs(totalHits, scoreDocs, MaxScore(scoreDocs)), query, topN, options, reranker.Description, details, reason, failure);
    }

    private static RescoreResult Reranked(
        IReranker reranker, NeuralRescorerOptions options, int totalHits, string query, int topN, FirstPassHit[] hits,
        FirstPassHit[] window, float[] modelScores, PassageChunkChoice?[] chunks)
    {
        var fused = ScoreFuser.Fuse(options.Fusion, window.Select(h => h.Score).ToArray(), modelScores);
        var order = Enumerable.Range(0, window.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var byScore = fused.Final[b].CompareTo(fused.Final[a]);
            return byScore != 0 ? byScore : a.CompareTo(b); // ties: first-pass rank
        });

        // The final ordering: reranked window, then (Append) the rest in first-pass order with scores strictly below.
        var append = options.BeyondWindow == BeyondWindowPolicy.Append;
        var orderedCount = append ? hits.Length : window.Length;
        var finalRank = new int?[hits.Length];
        var finalScore = new float?[hits.Length];
        var orderedRanks = new int[orderedCount];
        for (var position = 0; position < order.Length; position++)
        {
            var rank = order[position];
            orderedRanks[position] = rank;
            finalRank[rank] = position;
            finalScore[rank] = fused.Final[rank];
        }

        if (append && hits.Length > window.Length)
        {
            var floor = fused.Final[order[^1]];
            var previous = floor;
            for (var rank = window.Length; rank < hits.Length; rank++)
            {
                var below = (float)(floor - (double)(rank - window.Length + 1));
                var score = below < previous ? below : MathF.BitDecrement(previous);
                orderedRanks[rank] = rank;
                finalRank[rank] = rank;
                finalScore[rank] = score;
                previous = score;
            }
        }

        var returned = Math.Min(topN, orderedCount);
        var scoreDocs = new ScoreDoc[returned];
        for (var position = 0; position < returned; position++)
        {
            var hit = hits[orderedRanks[position]];
            scoreDocs[position] = new ScoreDoc(hit.Doc, finalScore[hit.Rank]!.Value, hit.ShardIndex);
        }

        var notes = RerankCallScope.Current?.PassageNotes;
        var details = new RescoredHit[hits.Length];
        for (var i = 0; i < hits.Length; i++)
        {
            var hit = hits[i];
            var inWindow = i < window.Length;
            details[i] = new RescoredHit
            {
                Doc = hit.Doc,
                ShardIndex = hit.ShardIndex,
                FirstPassRank = i,
                FirstPassScore = hit.Score,
                InWindow = inWindow,
                ModelScore = inWindow ? modelScores[i] : null,
                Chunk = inWindow ? chunks[i] : null,
                NormalizedFirstPassScore = inWindow && options.Fusion.Mode != FusionMode.Replace ? fused.FirstPass[i] : null,
                NormalizedModelScore = inWindow ? fused.Model[i] : null,
                ModelRank = inWindow ? fused.ModelRank[i] : null,
                ModelNote = inWindow && notes is not null && notes.TryGetValue(i, out var note) ? note : null,
                FinalScore = finalScore[i],
                FinalRank = finalRank[i],
                Returned = finalRank[i] < returned,
            };
        }

        return new RescoreResult(
            new TopDocs(totalHits, scoreDocs, MaxScore(scoreDocs)), query, topN, options, reranker.Description, details,
            FallbackReason.None, null);
    }

    /// <summary>The largest returned score; NaN when nothing is returned or no score is a number (as Lucene does).</summary>
    private static float MaxScore(ScoreDoc[] scoreDocs)
    {
        var max = float.NaN;
        foreach (var scoreDoc in scoreDocs)
        {
            if (!float.IsNaN(scoreDoc.Score) && (float.IsNaN(max) || scoreDoc.Score > max))
            {
                max = scoreDoc.Score;
            }
        }

        return max;
    }
}
