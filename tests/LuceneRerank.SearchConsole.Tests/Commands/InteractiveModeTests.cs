using LuceneRerank.SearchConsole.Commands;
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
}
