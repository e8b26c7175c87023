using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;

namespace LuceneRerank.Tests.Rescoring;

public sealed class CandidateRerankerTests
{
    [Test]
    public async Task A_candidate_reranker_receives_first_stage_scores_and_ranks_of_the_window()
    {
        using var index = TestIndex.WithTexts("a score=1", "b score=3", "c score=2");
        var reranker = new CandidateRecordingReranker();
        var firstPass = TestIndex.FirstPass(3, (2, 7.5f), (0, 6.25f), (1, 1f));

        var result = await new NeuralRescorer(reranker, new NeuralRescorerOptions { Window = 2 })
            .RescoreAsync(index.Searcher, firstPass, "q", 3);

        Assert.That(reranker.CandidateCalls.Single(), Is.EqualTo(new[]
        {
            new RerankCandidate("c score=2", 7.5f, 0) { Document = new IndexedDocument(index.Searcher.IndexReader, 2) },
            new RerankCandidate("a score=1", 6.25f, 1) { Document = new IndexedDocument(index.Searcher.IndexReader, 0) },
        }), "each candidate carries its reader and doc id");
        Assert.That(reranker.Calls, Is.Empty, "ScoreAsync is not used when ScoreCandidatesAsync exists");
        Assert.That(result.TopDocs.ScoreDocs.Select(s => s.Doc), Is.EqualTo(new[] { 2, 0, 1 }));
    }
}
