using LuceneRerank.Toolkit.Indexing;
using LuceneRerank.Toolkit.Search;
using LuceneRerank.Toolkit.Trec;
using LuceneRerank.Testing;

namespace LuceneRerank.Toolkit.Tests.Search;

public sealed class BatchSearcherTests
{
    [Test]
    public void CancellationStopsBetweenQueriesSoTheRunHoldsWholeLinesOfWholeQueries()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("c.jsonl", Enumerable.Range(0, 30).Select(i => $$"""{"_id": "d{{i}}", "text": "cells energy {{i}}"}""").ToArray()), index);
        using var searcher = new Bm25Searcher(index);
        var queries = Enumerable.Range(1, 10).Select(i => new QueryTopic("q" + i, "cells energy")).ToList();
        using var cancellation = new CancellationTokenSource();
        var writer = new StringWriter();
        var progress = new SynchronousProgress<int>(done =>
        {
            if (done == 3)
            {
                cancellation.Cancel();
            }
        });

        Assert.Catch<OperationCanceledException>(() =>
            BatchSearcher.Run(new SearchPipeline(searcher), queries, 5, "t", writer, progress, cancellation.Token));

        var lines = writer.ToString();
        Assert.That(lines, Does.EndWith("\n"));
        Assert.That(lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).Distinct(), Is.EqualTo(new[] { "q1", "q2", "q3" }));
        Assert.That(lines.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(15));
    }

    [Test]
    public void WithoutKeepRunTheLinesGoToTheWriterOnly()
    {
        using var files = new TempFiles();
        var index = files.PathOf("index");
        IndexBuilder.Build(files.Write("c.jsonl", """{"_id": "d1", "text": "cells"}""", """{"_id": "d2", "text": "cells energy"}"""), index);
        using var searcher = new Bm25Searcher(index);
        var writer = new StringWriter();

        var result = BatchSearcher.Run(new SearchPipeline(searcher), [new QueryTopic("q1", "cells")], 10, "t", writer, keepRun: false);

        Assert.That(result.Run.QueryIds, Is.Empty);
        Assert.That(writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2));
    }
}
