using LuceneRerank.Reranking;
using LuceneRerank.Server.Scheduling;
using LuceneRerank.Server.Tests.TestSupport;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Server.Tests.Scheduling;

/// <summary>Pair scorers: a cross-encoder's batch of pairs from several queries in one run equals scoring each query on its own.</summary>
public sealed class PairScorerTests
{
    [Test]
    public void A_cross_encoder_scores_pairs_of_several_queries_in_one_run_as_it_scores_each_query_alone()
    {
        using var opened = Rerankers.Open(GeneratedModels.XenovaOneLabel);
        var scorer = PairScorer.For(opened, tokenBudget: null);
        Assert.That(scorer, Is.TypeOf<CrossEncoderPairScorer>());
        Assert.That(scorer.TokenBudget, Is.EqualTo(((CrossEncoderReranker)opened.Inner).TokenBudget));
        string[] queries = ["short query", "a much longer query about protein folding and kinase signalling pathways", "q"];
        var passages = Enumerable.Range(0, 5).Select(p => string.Join(' ', Enumerable.Repeat($"passage {p} text", 1 + (3 * p)))).ToArray();
        var requests = queries.Select(q => new PendingRequest(scorer.Prepare(q, passages), 0, CancellationToken.None)).ToArray();
        // Interleaved as the batcher takes them: one pair of each request in turn, so rows differ in query and length.
        var rows = Enumerable.Range(0, passages.Length).SelectMany(p => requests.Select(r => new BatchRow(r, p))).ToArray();

        var scores = scorer.Score(rows);

        for (var q = 0; q < queries.Length; q++)
        {
            var alone = opened.ScoreAsync(queries[q], passages).Result;
            var mixed = rows.Select((row, i) => (row, i)).Where(x => x.row.Request == requests[q]).OrderBy(x => x.row.Pair).Select(x => scores[x.i]).ToArray();
            Assert.That(mixed, Is.EqualTo(alone).Within(1e-5f), queries[q]);
        }

        Assert.That(requests[1].Pairs.Lengths[0], Is.GreaterThan(requests[0].Pairs.Lengths[0]), "the rows of one run had different lengths");
    }

    [Test]
    public void Any_other_reranker_is_called_once_per_request_in_a_batch_with_estimated_lengths()
    {
        var reranker = new TextFunctionReranker();
        var scorer = PairScorer.For(reranker, tokenBudget: null);
        var first = new PendingRequest(scorer.Prepare("first", ["a", "b"]), 0, CancellationToken.None);
        var second = new PendingRequest(scorer.Prepare("second", ["c"]), 0, CancellationToken.None);

        var scores = scorer.Score([new BatchRow(first, 1), new BatchRow(second, 0), new BatchRow(first, 0)]);

        Assert.That(scorer, Is.TypeOf<PerRequestPairScorer>());
        Assert.That(scorer.TokenBudget, Is.EqualTo(LuceneRerank.Onnx.TokenBudgets.Cpu));
        Assert.That(scores, Is.EqualTo(new[] { TextFunctionReranker.Expected("first", "b"), TextFunctionReranker.Expected("second", "c"), TextFunctionReranker.Expected("first", "a") }));
        Assert.That(reranker.Calls, Is.EqualTo(new[] { ("first", 2), ("second", 1) }));
        Assert.That(first.Pairs.Lengths, Is.EqualTo(new[] { (5 + 1) / 4 + 4, (5 + 1) / 4 + 4 }));
    }
}
