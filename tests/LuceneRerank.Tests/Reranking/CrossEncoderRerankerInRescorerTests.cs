using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;
using LuceneRerank.Tests.Rescoring;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Reranking;

/// <summary><see cref="CrossEncoderReranker"/> behind <see cref="NeuralRescorer"/>: the drop-in path users take.</summary>
public sealed class CrossEncoderRerankerInRescorerTests
{
    private static readonly string[] s_texts =
    [
        "Mitochondria produce ATP by oxidative phosphorylation.",
        "The heart pumps blood through the body.",
        "Crème brûlée is a dessert (sugar ≥ 20%).",
        "DNA replication happens in the S phase of the cell cycle.",
        "Neurons transmit signals across synapses.",
        "",
    ];

    [Test]
    public async Task RescoredOrderIsTheRerankersScoreOrder()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        using var index = TestIndex.WithTexts(s_texts);
        var firstPass = TestIndex.FirstPass(s_texts.Length, s_texts.Select((_, i) => (i, 10f - i)).ToArray());
        const string query = "where is ATP made?";
        var expected = await reranker.ScoreAsync(query, s_texts);

        var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions { Window = s_texts.Length }, query);
        var result = rescorer.Rescore(index.Searcher, firstPass, s_texts.Length);

        var expectedOrder = Enumerable.Range(0, s_texts.Length).OrderByDescending(i => expected[i]).ThenBy(i => i).ToArray();
        Assert.That(result.ScoreDocs.Select(d => d.Doc), Is.EqualTo(expectedOrder));
        Assert.That(result.ScoreDocs.Select(d => d.Score), Is.EqualTo(expectedOrder.Select(i => expected[i])).Within(1e-5));
    }

    [Test]
    public async Task TimeBudgetStopsARunningModelAndFallsBackToFirstPassOrder()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions { MaxBatchSize = 1 });
        var texts = Enumerable.Range(0, 1500).Select(i => string.Join(" ", Enumerable.Repeat($"passage {i} about cells and proteins", 12))).ToArray();
        using var index = TestIndex.WithTexts(texts);
        var firstPass = TestIndex.FirstPass(texts.Length, texts.Select((_, i) => (i, 1000f - i)).ToArray());
        var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions
        {
            Window = texts.Length,
            TimeBudget = TimeSpan.FromMilliseconds(30),
            FailurePolicy = FailurePolicy.FallBackToFirstPass,
        }, "cells");

        var result = await rescorer.RescoreAsync(index.Searcher, firstPass, 10);

        Assert.That(result.FallbackReason, Is.EqualTo(FallbackReason.TimeBudgetExpired));
        Assert.That(result.TopDocs.ScoreDocs.Select(d => d.Doc), Is.EqualTo(Enumerable.Range(0, 10)));
        Assert.That(reranker.Statistics.ForwardPasses, Is.LessThan(texts.Length), "the reranker stopped early");
    }
}
