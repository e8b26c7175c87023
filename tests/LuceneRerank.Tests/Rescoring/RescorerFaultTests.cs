using System.Diagnostics;
using Lucene.Net.Search;
using LuceneRerank.Rescoring;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>
/// A model that throws or hangs, under both failure policies, with no limit, a time budget, or the caller's
/// cancellation. A hang with neither a budget nor a cancellable token is the caller's choice (nothing can stop the
/// wait) and is not run here; see the Rescoring README.
/// </summary>
public sealed class RescorerFaultTests
{
    /// <summary>What can stop the rescoring.</summary>
    public enum Control
    {
        /// <summary>No time budget and a token that cannot be cancelled.</summary>
        Nothing,

        /// <summary>A time budget: 100 ms for a hanging model.</summary>
        TimeBudget,

        /// <summary>
        /// The caller's token can be cancelled; it is cancelled once a hanging reranker has started (a throwing one
        /// fails first, and a failure after cancellation would rightly be discarded as late).
        /// </summary>
        CallerCancellation,
    }

    private static readonly TimeSpan s_budget = TimeSpan.FromMilliseconds(100);

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var fault in Enum.GetValues<RerankerFault>())
        {
            foreach (var policy in Enum.GetValues<FailurePolicy>())
            {
                foreach (var control in Enum.GetValues<Control>())
                {
                    var hangs = fault is RerankerFault.BlocksItsThread or RerankerFault.HangsAsynchronously;
                    if (!(hangs && control == Control.Nothing))
                    {
                        yield return new TestCaseData(fault, policy, control);
                    }
                }
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public async Task A_faulty_model_gives_the_documented_outcome(RerankerFault fault, FailurePolicy policy, Control control)
    {
        using var index = TestIndex.WithTexts("a", "b", "c", "d");
        var firstPass = TestIndex.FirstPass(9, (0, 4f), (1, 3f), (2, 2f), (3, 1f));
        using var reranker = new FaultyReranker(fault);
        var hangs = fault is RerankerFault.BlocksItsThread or RerankerFault.HangsAsynchronously;
        var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions
        {
            FailurePolicy = policy,
            // A throwing model must fail well inside its budget even on a loaded machine; a hanging one meets 100 ms.
            TimeBudget = control == Control.TimeBudget ? (hangs ? s_budget : TimeSpan.FromMinutes(5)) : null,
        });
        using var cancellation = new CancellationTokenSource();
        var token = control == Control.CallerCancellation ? cancellation.Token : CancellationToken.None;
        var clock = Stopwatch.StartNew();

        // Task.Run: a reranker blocking the caller's thread must not block the test itself.
        var rescoring = Task.Run(() => rescorer.RescoreAsync(index.Searcher, firstPass, "q", 4, token));
        if (control == Control.CallerCancellation && hangs)
        {
            await reranker.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            cancellation.Cancel();
        }

        var outcome = await Outcome(rescoring);
        clock.Stop();
        TestContext.Out.WriteLine($"{fault}, {policy}, {control}: returned after {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.That(reranker.Finished, Is.Zero, "the rescorer returned while the model still hung");
        reranker.Release();

        if (control == Control.CallerCancellation && hangs)
        {
            Assert.That(outcome, Is.InstanceOf<OperationCanceledException>(), "the caller's cancellation always throws");
        }
        else if (hangs)
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "about the budget, not the hang");
            AssertFailure(outcome, policy, FallbackReason.TimeBudgetExpired, typeof(TimeoutException));
        }
        else
        {
            AssertFailure(outcome, policy, FallbackReason.RerankerFailed, typeof(InvalidOperationException));
        }
    }

    private static void AssertFailure(object outcome, FailurePolicy policy, FallbackReason reason, Type exception)
    {
        if (policy == FailurePolicy.Throw)
        {
            Assert.That(outcome, Is.InstanceOf(exception));
            return;
        }

        var result = (RescoreResult)outcome;
        Assert.That(result.FallbackReason, Is.EqualTo(reason));
        Assert.That(result.Failure, Is.InstanceOf(exception));
        Assert.That(result.TopDocs.ScoreDocs.Select(s => s.Doc), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        var fallback = result.Explain(2).GetDetails().Single(d => d.Description.StartsWith("fallback:", StringComparison.Ordinal));
        Assert.That(fallback.Description, Does.Contain($"used ({reason})"));
    }

    /// <summary>The result or the exception; a rescoring still running after 30 s fails the test.</summary>
    private static async Task<object> Outcome(Task<RescoreResult> rescoring)
    {
        if (await Task.WhenAny(rescoring, Task.Delay(TimeSpan.FromSeconds(30))) != rescoring)
        {
            Assert.Fail("the rescoring did not finish within 30 s");
        }

        try
        {
            return await rescoring;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
