namespace LuceneRerank.Toolkit.CommandLine;

/// <summary>
/// The exit codes of <c>lrr-index</c> and <c>lrr-search</c>, one map for both (see <see cref="ErrorReporter"/>).
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>A problem with an input file, a path, the disk, a model or an index: fix the input and rerun.</summary>
    public const int InputError = 1;

    /// <summary>A problem with the command line itself: an unknown option, a value out of range, conflicting options.</summary>
    public const int UsageError = 2;

    /// <summary>A bug: an exception the tools do not expect (<c>--verbose</c> prints its stack trace); EX_SOFTWARE.</summary>
    public const int InternalError = 70;

    /// <summary>Stopped by Ctrl-C (SIGINT): 128 + 2.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM: 128 + 15.</summary>
    public const int Terminated = 143;
}
