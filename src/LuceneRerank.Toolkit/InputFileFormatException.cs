namespace LuceneRerank.Toolkit;

/// <summary>
/// A line of an input file (corpus, run, qrels, queries) that cannot be read. The message is
/// <c>file:line: problem</c>, or <c>file: problem</c> for the file as a whole (line 0).
/// </summary>
public abstract class InputFileFormatException : Exception
{
    /// <summary>Creates the exception for a line of a file.</summary>
    /// <param name="filePath">The file.</param>
    /// <param name="lineNumber">The 1-based line number (0 for the file as a whole).</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="innerException">The parser's own error, if any.</param>
    protected InputFileFormatException(string filePath, long lineNumber, string problem, Exception? innerException)
        : base(lineNumber > 0 ? $"{filePath}:{lineNumber}: {problem}" : $"{filePath}: {problem}", innerException)
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Problem = problem;
    }

    /// <summary>The file.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line number (0 for the file as a whole).</summary>
    public long LineNumber { get; }

    /// <summary>What is wrong, without the file and line prefix.</summary>
    public string Problem { get; }
}
