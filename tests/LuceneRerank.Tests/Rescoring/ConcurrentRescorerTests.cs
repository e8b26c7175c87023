using Lucene.Net.Search;
using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>
/// 16 rescorers at once, sharing one reranker and one <see cref="CachingReranker"/>, give the results of the same
/// rescorings run one after another without a cache; the cache sends each (query, passage) to the model once.
/// </summary>
public sealed class ConcurrentRescorerTests
{
    private const int Rescorers = 16;
    private const int Window = 30;

    private static readonly string[] s_queries =
    [
        "where is ATP made?", "how does the heart pump blood?", "what happens in the S phase?", "how do neurons signal?",
        "what is a dessert with sugar?", "cell cycle checkpoints", "oxidative phosphorylation", "synapse transmission",
    ];

    private static string[] Texts() => Enumerable.Range(0, 40).Select(i =>
        $"passage {i} score={(i * 7) % 11}: " + (i % 4) switch
        {
            0 => "Mitochondria produce ATP by oxidative phosphorylation.",
            1 => "The heart pumps blood through the body.",
            2 => "DNA replication happens in the S phase of the cell cycle.",
            _ => "Neurons transmit signals across synapses.",
        }).ToArray();

    [Test]
    public async Task Sixteen_concurrent_rescorers_on_a_deterministic_fake_equal_the_sequential_results()
    {
        await AssertConcurrentEqualsSequential(new ScriptedReranker(), exact: true);
    }

    [Test]
    public async Task Sixteen_concurrent_rescorers_on_a_generated_cross_encoder_equal_the_sequential_results()
    {
        using var model = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        await AssertConcurrentEqualsSequential(model, exact: false);
    }

    private static async Task AssertConcurrentEqualsSequential(IReranker inner, bool exact)
    {
        var texts = Texts();
        using var index = TestIndex.WithTexts(texts);
        var firstPass = TestIndex.FirstPass(100, texts.Select((_, i) => (i, 50f - i)).ToArray());
        var options = new NeuralRescorerOptions { Window = Window, TimeBudget = null };
        var budgeted = new NeuralRescorerOptions { Window = Window, TimeBudget = TimeSpan.FromMinutes(5) };

        // Each query is asked by two of the sixteen rescorers, so they miss the same passages at the same time.
        var query = Enumerable.Range(0, Rescorers).Select(r => s_queries[r % s_queries.Length]).ToArray();
        var sequential = new TopDocs[Rescorers];
        for (var r = 0; r < Rescorers; r++)
        {
            sequential[r] = (await new NeuralRescorer(inner, options).RescoreAsync(index.Searcher, firstPass, query[r], 20)).TopDocs;
        }

        var cache = new CachingReranker(inner);
        using var start = new ManualResetEventSlim(false);
        var concurrent = Enumerable.Range(0, Rescorers).Select(r => Task.Factory.StartNew(() =>
        {
            start.Wait();
            // Three ways in: Lucene's synchronous API, async with a budget (the pool hop), async with a caller token.
            var rescorer = new NeuralRescorer(cache, r % 3 == 1 ? budgeted : options, query[r]);
            if (r % 3 == 0)
            {
                return rescorer.Rescore(index.Searcher, firstPass, 20);
            }

            using var cancellation = new CancellationTokenSource();
            return rescorer.RescoreAsync(index.Searcher, firstPass, 20, r % 3 == 2 ? cancellation.Token : default)
                .GetAwaiter().GetResult().TopDocs;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        start.Set();
        var results = await Task.WhenAll(concurrent).WaitAsync(TimeSpan.FromMinutes(2));

        for (var r = 0; r < Rescorers; r++)
        {
            Assert.That(results[r].ScoreDocs.Select(s => s.Doc), Is.EqualTo(sequential[r].ScoreDocs.Select(s => s.Doc)), $"rescorer {r}");
            var scores = results[r].ScoreDocs.Select(s => s.Score);
            var expected = sequential[r].ScoreDocs.Select(s => s.Score);
            Assert.That(scores, exact ? Is.EqualTo(expected) : Is.EqualTo(expected).Within(1e-5), $"rescorer {r}");
        }

        Assert.That(cache.Misses, Is.EqualTo(s_queries.Length * Window), "each (query, passage) went to the model once");
        Assert.That(cache.Hits + cache.Misses, Is.EqualTo(Rescorers * Window));
    }
}
