using Lucene.Net.Search;
using LuceneRerank.Reranking.InContext;
using LuceneRerank.Rescoring;
using LuceneRerank.Tests.Rescoring;

namespace LuceneRerank.Tests.Reranking.InContext;

/// <summary>ICR behind the Lucene rescorer, opened through <see cref="Rerankers.Open"/>: Explain states each passage's attention mass and what it means.</summary>
public sealed class IcrExplainTests
{
    private const string Query = "aspirin fever";

    private static readonly string[] s_texts = ["zebras graze slowly", "aspirin lowers fever", "aspirin helps adults", "aspirin fever aspirin fever"];

    [Test]
    public async Task OpenedByMethodIcrItScoresAsTheIcrRerankerAndExplainShowsTheAttentionMass()
    {
        using var opened = Rerankers.Open(IcrTestModels.AttentionOracle, new RerankerOpenOptions { Method = RerankMethod.Icr });
        Assert.That(opened.Inner, Is.InstanceOf<IcrReranker>());
        Assert.That(opened.Manifest!.Kind, Is.EqualTo("llm-icr"));
        var attention = await ((IcrReranker)opened.Inner).ScoreWithAttentionAsync(Query, s_texts);

        using var index = TestIndex.WithTexts(s_texts);
        var rescorer = new NeuralRescorer(opened, new NeuralRescorerOptions { Window = 4, Fusion = ScoreFusion.Replace }, Query);
        var top = rescorer.Rescore(index.Searcher, TestIndex.FirstPass(4, (0, 4f), (1, 3f), (2, 2f), (3, 1f)), 4);

        Assert.That(top.ScoreDocs.Select(d => d.Doc), Is.EqualTo(new[] { 3, 1, 2, 0 }));
        for (var doc = 0; doc < s_texts.Length; doc++)
        {
            var explanation = rescorer.Explain(index.Searcher, new Explanation(4f - doc, "bm25"), doc);
            var model = explanation.GetDetails().Single(d => d.Description.StartsWith("raw model score", StringComparison.Ordinal));
            Assert.That(model.Value, Is.EqualTo((float)attention[doc].Score).Within(1e-6), s_texts[doc]);
            Assert.That(model.Description, Does.Contain("(ICR)").And.Contain("ICR attention mass: attention from the query's tokens to the passage's tokens minus that of the content-free query \"N/A\""));
        }

        TestContext.Out.WriteLine(rescorer.Explain(index.Searcher, new Explanation(1f, "bm25"), 3));
        TestContext.Out.WriteLine(string.Join("\n", attention.Select((a, i) => $"{s_texts[i]}: {a}")));
    }
}
