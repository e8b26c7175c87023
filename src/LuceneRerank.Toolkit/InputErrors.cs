using LuceneRerank.Toolkit.Indexing;

namespace LuceneRerank.Toolkit;

/// <summary>
/// Tells the errors caused by the user's input (a bad file, a missing path, a refused overwrite), which the command-line
/// tools print as one clear line and a non-zero exit code, from bugs, which keep their stack trace.
/// </summary>
public static class InputErrors
{
    /// <summary>Whether <paramref name="exception"/> is an input error; its message names the file (and line) and the problem.</summary>
    public static bool IsInputError(Exception exception) => exception is
        InputFileFormatException or IndexAlreadyExistsException or FileNotFoundException
        or DirectoryNotFoundException or FormatException or UnauthorizedAccessException;
}
