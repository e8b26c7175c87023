using LuceneRerank.Reranking;

namespace LuceneRerank.Tests.Reranking;

/// <summary>How every reranker's ScoreAsync completes: on the calling thread, failures and cancellation in the task.</summary>
public sealed class CompletedScoresTests
{
    [Test]
    public void RunsOnTheCallingThreadAndReturnsACompletedTask()
    {
        var caller = Environment.CurrentManagedThreadId;
        var ranOn = -1;
        var task = CompletedScores.Run(() => { ranOn = Environment.CurrentManagedThreadId; return [1f, 2f]; }, CancellationToken.None);
        Assert.That(task.IsCompletedSuccessfully, Is.True);
        Assert.That(task.Result, Is.EqualTo(new[] { 1f, 2f }));
        Assert.That(ranOn, Is.EqualTo(caller));
    }

    [Test]
    public void AFailureComesBackInTheTask()
    {
        var task = CompletedScores.Run(() => throw new InvalidDataException("bad model output"), CancellationToken.None);
        Assert.That(task.IsFaulted, Is.True);
        Assert.That(task.Exception!.InnerException, Is.TypeOf<InvalidDataException>().With.Message.EqualTo("bad model output"));
    }

    [Test]
    public void ACancelledTokenCancelsBeforeScoring()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var ran = false;
        var task = CompletedScores.Run(() => { ran = true; return []; }, cancelled.Token);
        Assert.That(task.IsCanceled, Is.True);
        Assert.That(ran, Is.False);
    }

    [Test]
    public void CancellationBetweenBatchesCancelsTheTask()
    {
        using var cancellation = new CancellationTokenSource();
        var task = CompletedScores.Run(
            () =>
            {
                cancellation.Cancel();
                cancellation.Token.ThrowIfCancellationRequested();
                return [];
            },
            cancellation.Token);
        Assert.That(task.IsCanceled, Is.True);
    }

    [Test]
    public void AnUnrelatedCancellationIsAFailureNotACancel()
    {
        var task = CompletedScores.Run(() => throw new OperationCanceledException("someone else's token"), CancellationToken.None);
        Assert.That(task.IsFaulted, Is.True);
    }
}
