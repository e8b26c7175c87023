using Lucene.Net.Search;
using LuceneRerank.Reranking.Reasoning;
using LuceneRerank.Rescoring;
using LuceneRerank.Tests.Reranking.Reasoning;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>A reasoning reranker's reasoning reaches the rescoring's result and each document's Explain.</summary>
public sealed class ExplainReasoningTests
{
    [Test]
    public async Task Each_document_explains_the_reasoning_about_it_and_the_call_counts_generated_tokens()
    {
        using var index = TestIndex.WithTexts("p0 rel=2", "p1 rel=9", "p2 rel=5");
        var generator = new ScriptedTextGenerator().On("Score:$", RelevanceOracle.Score);
        var rescorer = new NeuralRescorer(new ReasoningPointwiseReranker(generator, RelevanceOracle.PointTemplate, "oracle"), new NeuralRescorerOptions { Window = 3 });

        var result = await rescorer.RescoreAsync(index.Searcher, TestIndex.FirstPass(3, (0, 3f), (1, 2f), (2, 1f)), "q", 3);

        Assert.That(result.TopDocs.ScoreDocs.Select(d => d.Doc), Is.EqualTo(new[] { 1, 2, 0 }));
        Assert.That(result.Reasoning, Has.Count.EqualTo(3));
        Assert.That(result.ReasoningFor(1).Single().Text, Is.EqualTo("the document says rel=9"));
        var reasoning = result.Explain(1).GetDetails().Single(d => d.Description.StartsWith("reasoning:", StringComparison.Ordinal));
        Assert.That(reasoning.Description, Is.EqualTo("reasoning: pass 2 over passage(s) 2: score 9; answer \"9\"; reasoning \"the document says rel=9\""));
        Assert.That(result.Statistics.GeneratedTokens, Is.EqualTo(generator.Prompts.Sum(p => (long)RelevanceOracle.Score(p).Length)));
        Assert.That(result.Statistics.ForwardPasses, Is.EqualTo(3));
    }

    [Test]
    public async Task A_reranker_that_does_not_reason_explains_no_reasoning()
    {
        using var index = TestIndex.WithTexts("a score=1", "b score=3");
        var rescorer = new NeuralRescorer(new ScriptedReranker(), new NeuralRescorerOptions { Window = 2 });

        var result = await rescorer.RescoreAsync(index.Searcher, TestIndex.FirstPass(2, (0, 2f), (1, 1f)), "q", 2);

        Assert.That(result.Reasoning, Is.Empty);
        Assert.That(result.Explain(0).GetDetails().Select(d => d.Description), Has.None.StartsWith("reasoning:"));
        Assert.That(result.Statistics.GeneratedTokens, Is.Zero);
    }
}
