using System.Globalization;
using LuceneRerank.Reranking;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary>
/// Scores query–passage pairs with a reranker and writes one raw score per line, in input order, in the invariant
/// culture with the shortest text that reads back to the same float. Pairs sharing a query go to the model together.
/// </summary>
internal static class PairScorer
{
    public static async Task ScoreAsync(IReranker reranker, IReadOnlyList<ScorePair> pairs, TextWriter output, CancellationToken cancellationToken)
    {
        var scores = new float[pairs.Count];
        var byQuery = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Count; i++)
        {
            if (!byQuery.TryGetValue(pairs[i].Query, out var positions))
            {
                byQuery.Add(pairs[i].Query, positions = new List<int>());
            }

            positions.Add(i);
        }

        foreach (var (query, positions) in byQuery)
        {
            var passages = positions.Select(i => pairs[i].Passage).ToArray();
            var result = await reranker.ScoreAsync(query, passages, cancellationToken).ConfigureAwait(false);
            if (result.Length != passages.Length)
            {
                throw new InvalidOperationException(
                    $"The reranker {reranker.Description.Name} returned {result.Length} scores for {passages.Length} passages.");
            }

            for (var j = 0; j < positions.Count; j++)
            {
                scores[positions[j]] = result[j];
            }
        }

        foreach (var score in scores)
        {
            output.WriteLine(score.ToString(CultureInfo.InvariantCulture));
        }
    }
}
