using LuceneRerank.Reranking;

namespace LuceneRerank.Rescoring;

/// <summary>
/// Calls a reranker once for the passages of a window and checks its answer: one finite score per passage.
/// Uses <see cref="ICandidateReranker.ScoreCandidatesAsync"/> when the reranker implements it.
/// </summary>
internal static class RerankerInvoker
{
    /// <summary>
    /// Scores the candidates. Stops waiting as soon as <paramref name="token"/> is cancelled, even when the reranker
    /// ignores it (its task is then abandoned and its eventual exception observed).
    /// </summary>
    /// <exception cref="InvalidRerankerOutputException">The reranker returned a wrong number of scores, or a non-finite one.</exception>
    public static async Task<float[]> ScoreAsync(
        IReranker reranker, string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken token)
    {
        var task = reranker is ICandidateReranker candidateReranker
            ? candidateReranker.ScoreCandidatesAsync(query, candidates, token)
            : reranker.ScoreAsync(query, candidates.Select(c => c.Text).ToArray(), token);
        if (task is null)
        {
            throw new InvalidRerankerOutputException($"The reranker {reranker.Description.Name} returned a null task.");
        }

        float[] scores;
        try
        {
            scores = await task.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested && !task.IsCompleted)
        {
            _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }

        Validate(reranker, candidates, scores);
        return scores;
    }

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
