using System.Text.Json.Nodes;

namespace LuceneRerank.Server.Http;

/// <summary>The JSON answers of the two styles, results sorted by score, highest first (as Cohere and TEI answer).</summary>
internal static class RerankAnswers
{
    /// <summary>
    /// <c>{"id", "model", "results": [{"index", "relevance_score", "document": {"text"}?}]}</c>: the first
    /// <c>top_n</c> results; <c>relevance_score</c> is the reranker's score as in process (see <c>/info</c>'s <c>score_meaning</c>).
    /// </summary>
    public static JsonObject Cohere(RerankRequest request, float[] scores, string model)
    {
        var results = new JsonArray();
        foreach (var index in Ranked(scores).Take(request.TopN ?? int.MaxValue))
        {
            var result = new JsonObject { ["index"] = index, ["relevance_score"] = scores[index] };
            if (request.ReturnTexts)
            {
                result["document"] = new JsonObject { ["text"] = request.Texts[index] };
            }

            results.Add(result);
        }

        return new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["model"] = model, ["results"] = results };
    }

    /// <summary><c>[{"index", "score", "text"?}]</c>; <c>score</c> is the reranker's score with <c>raw_scores</c>, else its sigmoid (TEI's default).</summary>
    public static JsonArray Tei(RerankRequest request, float[] scores)
    {
        var results = new JsonArray();
        foreach (var index in Ranked(scores))
        {
            var score = request.RawScores ? scores[index] : (float)(1.0 / (1.0 + Math.Exp(-scores[index])));
            var result = new JsonObject { ["index"] = index, ["score"] = score };
            if (request.ReturnTexts)
            {
                result["text"] = request.Texts[index];
            }

            results.Add(result);
        }

        return results;
    }

    private static IEnumerable<int> Ranked(float[] scores) =>
        Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i);
}
