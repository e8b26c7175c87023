using Lucene.Net.Search;
using LuceneRerank.Remote;
using LuceneRerank.Rescoring;
using LuceneRerank.Tests.Rescoring;

namespace LuceneRerank.Tests.Remote;

/// <summary>HttpReranker under NeuralRescorer: a working server reranks, a failing one falls back per the failure policy.</summary>
public sealed class HttpRerankerInRescorerTests
{
    private static TestIndex FourDocs() => TestIndex.WithTexts("a score=1", "b score=5", "c score=3", "d score=4");

    private static TopDocs FourHits() => TestIndex.FirstPass(40, (0, 4f), (1, 3f), (2, 2f), (3, 1f));

    [Test]
    public async Task A_working_server_reranks_the_window()
    {
        using var index = FourDocs();
        using var server = new LoopbackRerankServer(RerankAnswers.Tei);
        using var reranker = new HttpReranker(new HttpRerankerOptions { Endpoint = server.Url("rerank"), Protocol = RerankProtocol.Tei, MaxDocumentsPerRequest = 3 });
        var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions { FailurePolicy = FailurePolicy.Throw }, "q");

        var result = await rescorer.RescoreAsync(index.Searcher, FourHits(), 4).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(result.TopDocs.ScoreDocs.Select(s => (s.Doc, s.Score)), Is.EqualTo(new[] { (1, 5f), (3, 4f), (2, 3f), (0, 1f) }));
        Assert.That(result.FallbackReason, Is.EqualTo(FallbackReason.None));
        Assert.That(server.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public void A_failing_server_falls_back_to_the_first_pass_and_Explain_says_why()
    {
        using var index = FourDocs();
        using var server = new LoopbackRerankServer(_ => new CannedAnswer(500, "{\"error\":\"model not loaded\"}"));
        using var reranker = new HttpReranker(new HttpRerankerOptions { Endpoint = server.Url("v1/rerank") });
        var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions { FailurePolicy = FailurePolicy.FallBackToFirstPass }, "q");

        var topDocs = rescorer.Rescore(index.Searcher, FourHits(), 3);
        var explanation = rescorer.Explain(index.Searcher, new Explanation(3f, "bm25"), 1);

        Assert.That(topDocs.ScoreDocs.Select(s => (s.Doc, s.Score)), Is.EqualTo(new[] { (0, 4f), (1, 3f), (2, 2f) }));
        var result = rescorer.LastResult!;
        Assert.That(result.FallbackReason, Is.EqualTo(FallbackReason.RerankerFailed));
        Assert.That(result.Failure, Is.TypeOf<RemoteRerankerException>());
        var fallback = explanation.GetDetails().Single(d => d.Description.StartsWith("fallback:", StringComparison.Ordinal));
        Assert.That(fallback.Description, Does.Contain("used (RerankerFailed)"));
        Assert.That(fallback.Description, Does.Contain("RemoteRerankerException"));
        Assert.That(fallback.Description, Does.Contain("answered 500"));
    }

    [Test]
    public void A_server_slower_than_the_time_budget_falls_back_with_TimeBudgetExpired()
    {
        using var index = FourDocs();
        using var server = new LoopbackRerankServer(async (request, _, stop) =>
        {
            await Task.Delay(Timeout.Infinite, stop);
            return RerankAnswers.Cohere(request);
        });
        using var reranker = new HttpReranker(new HttpRerankerOptions { Endpoint = server.Url("v1/rerank") });
        var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions
        {
            FailurePolicy = FailurePolicy.FallBackToFirstPass, TimeBudget = TimeSpan.FromMilliseconds(200),
        }, "q");

        var topDocs = rescorer.Rescore(index.Searcher, FourHits(), 4);

        Assert.That(topDocs.ScoreDocs.Select(s => s.Doc), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        Assert.That(rescorer.LastResult!.FallbackReason, Is.EqualTo(FallbackReason.TimeBudgetExpired));
    }
}
