using LuceneRerank.Reranking.Reasoning;
using LuceneRerank.SearchConsole.Commands;
using LuceneRerank.Tests.Reranking.Reasoning;
using LuceneRerank.Toolkit.Search;

namespace LuceneRerank.SearchConsole.Tests.Commands;

public sealed class InteractiveModeTests
{
    [Test]
    public void ShowsRankIdScoreTitleSnippetAndTimeForEachQueryUntilAnEmptyLine()
    {
        using var corpus = new SmallCorpus();
        using var searcher = new Bm25Searcher(corpus.Index);
        var settings = new SearchSettings { IndexPath = corpus.Index };
        var output = new StringWriter();

        var exit = InteractiveMode.Run(new SearchPipeline(searcher), settings, new StringReader("lava\n\"AND (\nthe\n\nnot read\n"), output);

        var text = output.ToString();
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(text, Does.Match(@"  1  d3  [0-9]+\.[0-9]{4}  Volcanoes\n\s+Lava flows from volcanoes during eruptions\."));
        Assert.That(text, Does.Match(@"1 matching, 1 shown in [0-9.]+ ms \(retrieval [0-9.]+ ms\)"));
        Assert.That(text, Does.Contain("no hits"));
        Assert.That(text.Split("query> ").Length - 1, Is.EqualTo(4), "three queries, then the empty line ends the session");
    }

    [Test]
    public void EndOfInputEndsTheSession()
    {
        using var corpus = new SmallCorpus();
        using var searcher = new Bm25Searcher(corpus.Index);
        var settings = new SearchSettings { IndexPath = corpus.Index };

        Assert.That(InteractiveMode.Run(new SearchPipeline(searcher), settings, new StringReader(""), new StringWriter()), Is.EqualTo(0));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void ShowReasoningPrintsWhatTheReasoningRerankerWroteUnderEachHit(bool show)
    {
        using var corpus = new SmallCorpus();
        using var searcher = new Bm25Searcher(corpus.Index);
        var settings = new SearchSettings { IndexPath = corpus.Index, ShowReasoning = show, Window = 5 };
        var generator = new ScriptedTextGenerator().On("Score:$", _ => "<think>it mentions lava</think><answer>7</answer>");
        var template = new ReasoningPromptTemplate { Entry = "{query}: {document}", Suffix = "Score:", MaxLength = 10_000, MaxNewTokens = 100 };
        var reranker = new ReasoningPointwiseReranker(generator, template, "scripted");
        var output = new StringWriter();

        InteractiveMode.Run(PipelineFactory.Create(searcher, settings, reranker), settings, new StringReader("lava\n\n"), output);

        var reasoning = "     reasoning: pass 1 over passage(s) 1: score 7; answer \"7\"; reasoning \"it mentions lava\"";
        Assert.That(output.ToString(), show ? Does.Contain(reasoning) : Does.Not.Contain("reasoning:"));
    }
}
