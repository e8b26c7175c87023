using System.Globalization;
using Lucene.Net.Search;

namespace LuceneRerank.Rescoring;

/// <summary>Builds the Lucene <see cref="Explanation"/> of one document from a <see cref="RescoreResult"/>.</summary>
/// <remarks>
/// Every detail's description starts with a fixed label, so that tools can find it: <c>first-pass score</c>,
/// <c>window:</c>, <c>raw model score</c> (naming the reranker and its active execution provider), <c>chunk:</c> (the passage chunk that decided the model score, when the cross-encoder chunks long passages),
/// <c>normalised first-pass score</c>, <c>normalised model score</c>,
/// <c>fusion:</c>, <c>fallback:</c>, and one <c>reasoning:</c> per reasoning text of a generating reranker that
/// concerned the document (<see cref="RescoreResult.ReasoningFor"/>).
/// </remarks>
internal static class RescoreExplainer
{
    public static Explanation Explain(RescoreResult result, int doc, Explanation? firstPassExplanation)
    {
        var hit = result.FindHit(doc);
        if (hit is null)
        {
            var missing = new ComplexExplanation(false, float.NaN,
                $"neural rescore: doc {doc} was not among the {result.Hits.Count} first-pass hits of this rescoring " +
                $"(query \"{result.Query}\"), so it was not rescored");
            if (firstPassExplanation is not null)
            {
                missing.AddDetail(firstPassExplanation);
            }

            return missing;
        }

        var root = new ComplexExplanation(hit.Returned, hit.FinalScore ?? float.NaN, Headline(result, hit));
        root.AddDetail(FirstPass(hit, firstPassExplanation));
        root.AddDetail(Window(result, hit));
        root.AddDetail(ModelScore(result, hit));
        if (hit.Chunk is { } chunk)
        {
            root.AddDetail(Chunk(chunk));
        }

        foreach (var reasoning in result.ReasoningFor(doc))
        {
            root.AddDetail(new Explanation(0f, $"reasoning: {reasoning}"));
        }

        if (hit.NormalizedFirstPassScore is { } normalizedFirstPass)
        {
            root.AddDetail(new Explanation(normalizedFirstPass, $"normalised first-pass score ({UsedAs(result.Fusion, firstPass: true)})"));
        }

        if (hit.NormalizedModelScore is { } normalizedModel)
        {
            root.AddDetail(new Explanation(normalizedModel, $"normalised model score ({UsedAs(result.Fusion, firstPass: false)})"));
        }

        root.AddDetail(Fusion(result, hit));
        root.AddDetail(Fallback(result));
        return root;
    }

    private static string Headline(RescoreResult result, RescoredHit hit)
    {
        var where = hit switch
        {
            { Returned: true } => $"returned at rank {hit.FinalRank! + 1} of {result.TopDocs.ScoreDocs.Length}",
            { FinalRank: { } rank } => $"final rank {rank + 1} is below topN {result.TopN}: not returned",
            _ => "dropped (beyond the window, BeyondWindow is Drop): not returned",
        };
        return $"neural rescore of doc {hit.Doc} for query \"{result.Query}\" with {result.Reranker.Name}: {where}";
    }

    private static Explanation FirstPass(RescoredHit hit, Explanation? firstPassExplanation)
    {
        var detail = new Explanation(hit.FirstPassScore, $"first-pass score (first-pass rank {hit.FirstPassRank + 1})");
        if (firstPassExplanation is null)
        {
            return detail;
        }

        detail.AddDetail(firstPassExplanation);
        var given = firstPassExplanation.Value;
        if (!SameScore(given, hit.FirstPassScore))
        {
            detail.AddDetail(new Explanation(given,
                $"warning: the first-pass explanation's value {Number(given)} differs from the first-pass score " +
                $"{Number(hit.FirstPassScore)} this rescoring received; this explanation describes this rescoring"));
        }

        return detail;
    }

    private static Explanation Window(RescoreResult result, RescoredHit hit)
    {
        var rank = hit.FirstPassRank + 1;
        if (hit.InWindow)
        {
            return new Explanation(1f, $"window: inside (first-pass rank {rank} ≤ window {result.Window}), reranked");
        }

        var policy = result.BeyondWindow == BeyondWindowPolicy.Append
            ? "Append: placed below the reranked hits in first-pass order, with a score below the lowest reranked score"
            : "Drop: left out of the result";
        return new Explanation(0f, $"window: beyond (first-pass rank {rank} > window {result.Window}), not reranked; BeyondWindow is {policy}");
    }

    private static Explanation ModelScore(RescoreResult result, RescoredHit hit)
    {
        var model = result.Reranker;
        if (hit.ModelScore is { } score)
        {
            return new Explanation(score,
                $"raw model score from {model.Name}{Provider(model)} (model rank {hit.ModelRank} in the window; {model.ScoreMeaning}" +
                (hit.ModelNote is { } note ? $"; {note})" : ")"));
        }

        var why = !hit.InWindow ? "the hit was beyond the window"
            : result.FallbackUsed ? "the reranker gave no usable score (see fallback)"
            : "the reranker was not called";
        return new Explanation(float.NaN, $"raw model score: none, {why}");
    }

    private static Explanation Chunk(Reranking.PassageChunkChoice chunk)
    {
        var how = chunk.Aggregation switch
        {
            Reranking.ChunkAggregation.Max => "the best chunk's score (max)",
            Reranking.ChunkAggregation.MeanOfTopK =>
                $"the mean of the best {chunk.CombinedChunks.Count} chunks' scores (chunks {string.Join(", ", chunk.CombinedChunks)}), led by this one",
            _ => "the first chunk's score",
        };
        var cut = chunk.PassageCut ? "; the passage had more tokens than the chunks scored (chunk cap)" : "";
        return new Explanation(chunk.ChunkScore,
            $"chunk: {chunk.ChunkIndex} of {chunk.ChunkCount} chunks (passage tokens {chunk.TokenStart}–{chunk.TokenEnd}) decided the " +
            $"model score: {how}; its own score {Number(chunk.ChunkScore)}{cut}");
    }

    /// <summary>" on CUDA:0" (the reranker's active execution provider), or nothing when it reports none.</summary>
    private static string Provider(Reranking.RerankerDescription model) =>
        model.ExecutionProvider.Length > 0 ? $" on {model.ExecutionProvider}" : "";

    private static Explanation Fusion(RescoreResult result, RescoredHit hit)
    {
        var fusion = result.Fusion;
        var value = hit.FinalScore ?? float.NaN;
        if (result.FallbackUsed)
        {
            return new Explanation(value, $"fusion: not applied (fallback), final score = first-pass score; configured {fusion}");
        }

        if (!hit.InWindow)
        {
            var how = hit.FinalScore is null ? "none, dropped" : $"{Number(value)}, set below the lowest reranked score";
            return new Explanation(value, $"fusion: not applied (beyond the window), final score {how}; configured {fusion}");
        }

        if (hit.ModelScore is null)
        {
            return new Explanation(value, $"fusion: not applied, the reranker was not called; configured {fusion}");
        }

        var formula = fusion.Mode switch
        {
            FusionMode.Replace => $"final = model score = {Number(value)}",
            _ => $"final = {Number(fusion.FirstPassWeight)} × {Number(hit.NormalizedFirstPassScore ?? float.NaN)} + " +
                 $"{Number(fusion.ModelWeight)} × {Number(hit.NormalizedModelScore ?? float.NaN)} = {Number(value)}",
        };
        return new Explanation(value, $"fusion: {fusion}; {formula}");
    }

    private static Explanation Fallback(RescoreResult result)
    {
        if (!result.FallbackUsed)
        {
            return new Explanation(0f, "fallback: not used");
        }

        var why = result.FallbackReason switch
        {
            FallbackReason.TimeBudgetExpired => $"the time budget ran out ({result.Failure?.Message})",
            FallbackReason.InvalidRerankerOutput => $"the reranker's output was unusable ({result.Failure?.Message})",
            _ => $"the reranker threw {result.Failure?.GetType().Name}: {result.Failure?.Message}",
        };
        return new Explanation(1f, $"fallback: used ({result.FallbackReason}), first-pass order returned because {why}");
    }

    private static string UsedAs(ScoreFusion fusion, bool firstPass) => fusion.Mode switch
    {
        FusionMode.Replace => "Replace uses the raw score",
        FusionMode.Linear => "Linear uses the raw score",
        FusionMode.NormalizedLinear => $"{fusion.Normalization} over the window",
        _ => $"1 / (k + {(firstPass ? "first-pass" : "model")} rank), k {Number(fusion.K)}",
    };

    private static bool SameScore(float a, float b) =>
        a.Equals(b) || Math.Abs(a - b) <= 1e-6f * Math.Max(1f, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static string Number(float value) => value.ToString("G7", CultureInfo.InvariantCulture);
}
