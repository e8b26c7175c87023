using Lucene.Net.Search;
using LuceneRerank.Rescoring;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>Lucene's synchronous <c>Rescore</c>/<c>Explain</c> under a single-threaded synchronization context.</summary>
public sealed class SynchronousWaitTests
{
    [TestCase(false)]
    [TestCase(true)]
    public void Rescore_and_Explain_do_not_deadlock_under_a_single_threaded_context(bool withBudget)
    {
        using var index = TestIndex.WithTexts("a score=1", "b score=3", "c score=2");
        var firstPass = TestIndex.FirstPass(3, (0, 3f), (1, 2f), (2, 1f));
        // ScriptedReranker awaits Task.Yield() without ConfigureAwait(false): its continuation would be posted to the
        // blocked context if the rescoring captured it.
        var rescorer = new NeuralRescorer(new ScriptedReranker(), new NeuralRescorerOptions
        {
            Window = 2,
            TimeBudget = withBudget ? TimeSpan.FromMinutes(5) : null,
        }, "q");
        TopDocs? topDocs = null;
        Explanation? alone = null;

        var finished = BlockedContext.Run(() =>
        {
            topDocs = rescorer.Rescore(index.Searcher, firstPass, 3);
            alone = rescorer.ForQuery("q").Explain(index.Searcher, new Explanation(1f, "bm25"), 2);
        }, TimeSpan.FromSeconds(30));

        Assert.That(finished, Is.True, "Rescore/Explain deadlocked on the synchronization context");
        Assert.That(topDocs!.ScoreDocs.Select(s => s.Doc), Is.EqualTo(new[] { 1, 0, 2 }));
        Assert.That(alone!.Value, Is.EqualTo(2f));
    }

    /// <summary>
    /// Runs an action on a new thread whose synchronization context only queues what is posted to it and never runs
    /// it while the thread is busy, like a UI thread blocked in a synchronous call.
    /// </summary>
    private sealed class BlockedContext : SynchronizationContext
    {
        public static bool Run(Action action, TimeSpan timeout)
        {
            Exception? error = null;
            var thread = new Thread(() =>
            {
                SetSynchronizationContext(new BlockedContext());
                try
                {
                    action();
                }
                catch (Exception e)
                {
                    error = e;
                }
            }) { IsBackground = true };
            thread.Start();
            var finished = thread.Join(timeout);
            if (error is not null)
            {
                throw new AssertionException($"the action failed: {error}");
            }

            return finished;
        }

        public override void Post(SendOrPostCallback d, object? state)
        {
            // Queued for a message loop that never runs while the thread is blocked: dropped.
        }

        public override void Send(SendOrPostCallback d, object? state) =>
            throw new NotSupportedException("Send would run on the blocked thread.");
    }
}
