using System.Globalization;
using System.Text.Json.Nodes;

namespace LuceneRerank.Tests.Remote;

/// <summary>
/// What a well-behaved rerank server answers: each passage's score is the number after <c>score=</c> in its text, and
/// results are listed in reverse order (so the client must put them back by index).
/// </summary>
internal static class RerankAnswers
{
    public static float ScoreOf(string passage) =>
        float.Parse(passage[(passage.IndexOf("score=", StringComparison.Ordinal) + "score=".Length)..].Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>A Cohere-style answer to a Cohere-style request, results in reverse order.</summary>
    public static CannedAnswer Cohere(ReceivedRequest request)
    {
        var documents = request.Json["documents"]!.AsArray().Select(d => d!.GetValue<string>()).ToArray();
        var results = new JsonArray();
        for (var i = documents.Length - 1; i >= 0; i--)
        {
            results.Add(new JsonObject { ["index"] = i, ["relevance_score"] = ScoreOf(documents[i]) });
        }

        return CannedAnswer.Json(new JsonObject { ["id"] = "x", ["results"] = results }.ToJsonString());
    }

    /// <summary>A TEI answer to a TEI request, results in reverse order.</summary>
    public static CannedAnswer Tei(ReceivedRequest request)
    {
        var texts = request.Json["texts"]!.AsArray().Select(d => d!.GetValue<string>()).ToArray();
        var results = new JsonArray();
        for (var i = texts.Length - 1; i >= 0; i--)
        {
            results.Add(new JsonObject { ["index"] = i, ["score"] = ScoreOf(texts[i]) });
        }

        return CannedAnswer.Json(results.ToJsonString());
    }

    /// <summary>Passages <c>p0 score=0.5</c>, <c>p1 score=1.5</c>, … (score i + 0.5).</summary>
    public static string[] Passages(int count) =>
        Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"p{i} score={i + 0.5}")).ToArray();
}
