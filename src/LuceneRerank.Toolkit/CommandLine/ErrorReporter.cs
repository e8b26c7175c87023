using LuceneRerank.Onnx;
using LuceneRerank.Toolkit.Indexing;

namespace LuceneRerank.Toolkit.CommandLine;

/// <summary>
/// The one error-to-exit-code map of <c>lrr-index</c> and <c>lrr-search</c>: every error becomes one
/// <c>error:</c> line (a stack trace only with <c>--verbose</c>) and a code from <see cref="ExitCodes"/>.
/// </summary>
internal static class ErrorReporter
{
    /// <summary>The exit code for an exception.</summary>
    /// <param name="exception">What stopped the command.</param>
    /// <param name="terminated">Whether cancellation came from SIGTERM rather than Ctrl-C.</param>
    /// <returns><see cref="ExitCodes.UsageError"/> for usage errors, <see cref="ExitCodes.Interrupted"/> or
    /// <see cref="ExitCodes.Terminated"/> for cancellation, <see cref="ExitCodes.InputError"/> for input, file-system,
    /// index and model errors, else <see cref="ExitCodes.InternalError"/>.</returns>
    public static int ExitCodeOf(Exception exception, bool terminated = false) => exception switch
    {
        UsageException => ExitCodes.UsageError,
        OperationCanceledException => terminated ? ExitCodes.Terminated : ExitCodes.Interrupted,
        _ when IsInputError(exception) => ExitCodes.InputError,
        _ => ExitCodes.InternalError,
    };

    /// <summary>
    /// Whether an exception is the user's to fix (a bad file, a missing path, a full disk, a corrupt index, a model
    /// or manifest problem), printed as its message alone.
    /// </summary>
    public static bool IsInputError(Exception exception) => exception is
        InputFileFormatException or IOException or FormatException or UnauthorizedAccessException
        or InvalidDataException or KeyNotFoundException or ExecutionProviderUnavailableException
        or ArgumentException or NotSupportedException;

    /// <summary>Writes the error line(s) for <paramref name="exception"/> and returns its exit code.</summary>
    /// <param name="exception">What stopped the command.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="verbose">Also print the stack trace.</param>
    /// <param name="terminated">Whether cancellation came from SIGTERM rather than Ctrl-C.</param>
    public static int Report(Exception exception, TextWriter error, bool verbose = false, bool terminated = false)
    {
        var code = ExitCodeOf(exception, terminated);
        error.WriteLine(code switch
        {
            ExitCodes.Interrupted or ExitCodes.Terminated => "interrupted: " + (exception is CommandInterruptedException
                ? exception.Message
                : "stopped before finishing"),
            ExitCodes.InternalError => $"error: internal error ({exception.GetType().Name}): {OneLine(exception.Message)}" +
                                       (verbose ? string.Empty : " (rerun with --verbose for the stack trace, and please report it)"),
            _ => "error: " + OneLine(Describe(exception)),
        });
        if (verbose)
        {
            error.WriteLine(exception.ToString());
        }

        return code;
    }

    private static string Describe(Exception exception) => exception switch
    {
        IOException when IsDiskFull(exception) => $"the disk is full: {exception.Message}",
        _ => exception.Message,
    };

    /// <summary>Whether an I/O error is ENOSPC / ERROR_DISK_FULL.</summary>
    internal static bool IsDiskFull(Exception exception) =>
        exception is IOException io && (io.HResult is 28 or unchecked((int)0x80070070) or unchecked((int)0x80070027)
            || io.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase));

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
