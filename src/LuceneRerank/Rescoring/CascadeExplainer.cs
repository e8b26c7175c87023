using Lucene.Net.Search;

namespace LuceneRerank.Rescoring;

/// <summary>Builds the Lucene <see cref="Explanation"/> of one document from a <see cref="CascadeResult"/>.</summary>
/// <remarks>The root's description starts with <c>cascade rescore</c>; each detail with <c>stage N of M</c> and holds
/// that stage's <see cref="RescoreResult.Explain"/> (its labels are listed on <see cref="RescoreExplainer"/>).</remarks>
internal static class CascadeExplainer
{
    public static Explanation Explain(CascadeResult result, int doc, Explanation? firstPassExplanation)
    {
        var scoreDocs = result.TopDocs.ScoreDocs;
        var position = Array.FindIndex(scoreDocs, d => d.Doc == doc);
        var count = result.Stages.Count;
        var root = new ComplexExplanation(position >= 0, position >= 0 ? scoreDocs[position].Score : float.NaN,
            $"cascade rescore of doc {doc} for query \"{result.Query}\" in {count} stages: {Where(result, doc, position)}");
        for (var i = 0; i < count; i++)
        {
            var stage = result.Stages[i];
            var explanation = stage.Explain(doc, i == 0 ? firstPassExplanation : null);
            var fallback = stage.FallbackUsed ? $", fell back ({stage.FallbackReason})" : "";
            var detail = new Explanation(explanation.Value,
                $"stage {i + 1} of {count}: {stage.Reranker.Name}, window {stage.Window}{fallback}");
            detail.AddDetail(explanation);
            root.AddDetail(detail);
        }

        return root;
    }

    private static string Where(CascadeResult result, int doc, int position)
    {
        if (position >= 0)
        {
            return $"returned at rank {position + 1} of {result.TopDocs.ScoreDocs.Length}";
        }

        for (var i = 0; i < result.Stages.Count; i++)
        {
            var hit = result.Stages[i].FindHit(doc);
            if (hit is null)
            {
                return i == 0 ? "not among the first-pass hits" : $"not passed on to stage {i + 1}";
            }

            if (hit.FinalRank is null)
            {
                return $"dropped by stage {i + 1} (beyond its window, BeyondWindow is Drop): not returned";
            }
        }

        return $"below topN {result.TopN}: not returned";
    }
}
