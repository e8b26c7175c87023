using LuceneRerank.Reranking;

namespace LuceneRerank.Rescoring;

/// <summary>
/// Calls a reranker once for the passages of a window and checks its answer: one finite score per passage.
/// Uses <see cref="ICandidateReranker.ScoreCandidatesAsync"/> when the reranker implements it.
/// </summary>
/// <remarks>
/// <para><b>Where the call runs.</b> Rerankers may do all their work synchronously inside <c>ScoreAsync</c> (the
/// built-in ones do: scoring is CPU-bound) and may ignore their token. So when the token can be cancelled (a time
/// budget or a caller's token), the call is started on a dedicated thread (a long-running task) — one hop — and this
/// method waits for it with the token; it stops waiting as soon as the token is cancelled, even while the reranker
/// still blocks its thread. A dedicated thread rather than a pool thread: blocked or long CPU-bound calls then never
/// starve the pool that fires the budget's timer and resumes the waiting rescoring (with pool threads, a 100 ms
/// budget was measured to end after 627 ms on a 2-core machine once a few calls blocked). An asynchronous reranker
/// leaves that thread at its first real await.
/// When the token cannot be cancelled, nothing could stop the wait anyway, and the reranker is called inline on the
/// caller's thread (no hop).</para>
/// <para><b>The abandoned call.</b> A call the rescorer stopped waiting for keeps running to completion on its thread
/// with its token cancelled; its result or exception is observed (no unobserved-task exception) and dropped.</para>
/// <para><b>Late results.</b> The token is checked again once the reranker's task has completed: a result (or an
/// exception) that arrives after the token was cancelled is discarded and the call ends with
/// <see cref="OperationCanceledException"/>, so a result racing the deadline is never used.</para>
/// </remarks>
internal static class RerankerInvoker
{
    /// <summary>Scores the candidates; see the remarks for where the call runs and how cancellation is enforced.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="token"/> was cancelled before the reranker's answer was taken.</exception>
    /// <exception cref="InvalidRerankerOutputException">The reranker returned a wrong number of scores, or a non-finite one.</exception>
    public static async Task<float[]> ScoreAsync(
        IReranker reranker, string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        var task = token.CanBeCanceled
            ? Task.Factory.StartNew(
                () => Start(reranker, query, candidates, token), token,
                TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap()
            : Start(reranker, query, candidates, token);

        float[] scores;
        try
        {
            scores = await task.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested && !task.IsCompleted)
        {
            ObserveAndDrop(task);
            throw;
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // The reranker failed after the deadline: its failure is as late as a result would be.
            throw new OperationCanceledException("The reranker's answer arrived after cancellation and was discarded.", token);
        }

        // The result raced the deadline (or the caller's cancellation) and lost: never use it.
        if (token.IsCancellationRequested)
        {
            throw new OperationCanceledException("The reranker's answer arrived after cancellation and was discarded.", token);
        }

        Validate(reranker, candidates, scores);
        return scores;
    }

    /// <summary>Starts the reranker's call; a reranker that throws before returning a task, or returns none, fails the task.</summary>
    private static Task<float[]> Start(
        IReranker reranker, string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken token)
    {
        var task = reranker is ICandidateReranker candidateReranker
            ? candidateReranker.ScoreCandidatesAsync(query, candidates, token)
            : reranker.ScoreAsync(query, candidates.Select(c => c.Text).ToArray(), token);
        return task ?? throw new InvalidRerankerOutputException($"The reranker {reranker.Description.Name} returned a null task.");
    }

    /// <summary>Lets an abandoned call run to its end; its exception, if any, is observed so it is never reported as unobserved.</summary>
    private static void ObserveAndDrop(Task task) =>
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static void Validate(IReranker reranker, IReadOnlyList<RerankCandidate> candidates, float[]? scores)
    {
        var name = reranker.Description.Name;
        if (scores is null)
        {
            throw new InvalidRerankerOutputException($"The reranker {name} returned null instead of {candidates.Count} scores.");
        }

        if (scores.Length != candidates.Count)
        {
            throw new InvalidRerankerOutputException(
                $"The reranker {name} returned {scores.Length} scores for {candidates.Count} passages.");
        }

        for (var i = 0; i < scores.Length; i++)
        {
            if (!float.IsFinite(scores[i]))
            {
                throw new InvalidRerankerOutputException(
                    $"The reranker {name} returned {scores[i]} for passage {i} (first-pass rank {candidates[i].FirstStageRank + 1}); " +
                    "scores must be finite numbers.");
            }
        }
    }
}
