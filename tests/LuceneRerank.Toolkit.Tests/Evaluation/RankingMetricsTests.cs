using LuceneRerank.Toolkit.Evaluation;

namespace LuceneRerank.Toolkit.Tests.Evaluation;

public sealed class RankingMetricsTests
{
    [Test]
    public void NdcgUsesGradesAsLinearGainsAndLog2Discount()
    {
        // Ranked grades 0, 2, 1; judged grades 2, 1, 0.
        // DCG = 2/log2(3) + 1/log2(4); ideal = 2/log2(2) + 1/log2(3).
        var expected = (2 / Math.Log2(3) + 1 / Math.Log2(4)) / (2 + 1 / Math.Log2(3));
        Assert.That(RankingMetrics.Ndcg([0, 2, 1], [2, 1, 0], 10), Is.EqualTo(expected).Within(1e-12));
        Assert.That(expected, Is.EqualTo(0.6697).Within(1e-4));
    }

    [Test]
    public void NdcgCutsBothTheRankingAndTheIdealAtK()
    {
        // k = 1: DCG = 0 (first doc grade 0), ideal = 2.
        Assert.That(RankingMetrics.Ndcg([0, 2, 1], [2, 1], 1), Is.EqualTo(0));
        // k = 1 with the best doc first: 2 / 2.
        Assert.That(RankingMetrics.Ndcg([2, 0], [2, 1], 1), Is.EqualTo(1));
        // Relevant documents not retrieved lower nDCG: ranked [1], judged [1, 1] -> 1 / (1 + 1/log2(3)).
        Assert.That(RankingMetrics.Ndcg([1], [1, 1], 10), Is.EqualTo(1 / (1 + 1 / Math.Log2(3))).Within(1e-12));
    }

    [Test]
    public void QueryWithNoRelevantDocumentScoresZeroEverywhere()
    {
        int[] ranked = [0, 0, 0];
        int[] judged = [0, 0];
        Assert.That(RankingMetrics.Ndcg(ranked, judged, 10), Is.EqualTo(0));
        Assert.That(RankingMetrics.ReciprocalRank(ranked, 1, 10), Is.EqualTo(0));
        Assert.That(RankingMetrics.Recall(ranked, 0, 1, 10), Is.EqualTo(0));
        Assert.That(RankingMetrics.AveragePrecision(ranked, 0, 1), Is.EqualTo(0));
        Assert.That(RankingMetrics.Precision(ranked, 1, 10), Is.EqualTo(0));
    }

    [Test]
    public void ReciprocalRankRespectsCutoffAndThreshold()
    {
        int[] ranked = [0, 1, 0, 2];
        Assert.That(RankingMetrics.ReciprocalRank(ranked, 1), Is.EqualTo(0.5));
        Assert.That(RankingMetrics.ReciprocalRank(ranked, 2), Is.EqualTo(0.25));
        Assert.That(RankingMetrics.ReciprocalRank(ranked, 2, 3), Is.EqualTo(0));
    }

    [Test]
    public void RecallAndPrecisionCountRelevantWithinTheCutoff()
    {
        int[] ranked = [1, 0, 1, 1];
        Assert.That(RankingMetrics.Recall(ranked, 4, 1, 3), Is.EqualTo(0.5));
        Assert.That(RankingMetrics.Recall(ranked, 4, 1, 100), Is.EqualTo(0.75));
        Assert.That(RankingMetrics.Precision(ranked, 1, 2), Is.EqualTo(0.5));
        Assert.That(RankingMetrics.Precision(ranked, 1, 10), Is.EqualTo(0.3), "trec_eval divides by k even past the end of the ranking");
    }

    [Test]
    public void AveragePrecisionAveragesPrecisionAtEachRelevantRankOverAllRelevant()
    {
        // Relevant at ranks 1 and 3, 3 relevant in total: (1/1 + 2/3) / 3.
        Assert.That(RankingMetrics.AveragePrecision([1, 0, 1, 0], 3, 1), Is.EqualTo((1 + 2.0 / 3) / 3).Within(1e-12));
        Assert.That(RankingMetrics.AveragePrecision([1, 0, 1, 0], 3, 1, 2), Is.EqualTo(1.0 / 3).Within(1e-12));
    }
}
