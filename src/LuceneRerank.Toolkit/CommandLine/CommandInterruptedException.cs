namespace LuceneRerank.Toolkit.CommandLine;

/// <summary>
/// A command stopped by cancellation (Ctrl-C, SIGTERM) that cleaned up after itself; <see cref="Exception.Message"/>
/// says what it cleaned and what it left (for example "the unfinished build folder X was deleted; Y is unchanged").
/// </summary>
public sealed class CommandInterruptedException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was cleaned up and what is unchanged.</param>
    /// <param name="innerException">The cancellation that stopped the command.</param>
    public CommandInterruptedException(string message, OperationCanceledException? innerException = null)
        : base(message, innerException, innerException?.CancellationToken ?? default)
    {
    }
}
