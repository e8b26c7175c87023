namespace LuceneRerank.Toolkit.Trec;

/// <summary>A line of a run, qrels or queries file that cannot be read.</summary>
public sealed class TrecFormatException : Exception
{
    /// <summary>Creates the exception for a line of a file.</summary>
    /// <param name="filePath">The file.</param>
    /// <param name="lineNumber">The 1-based line number (0 for the file as a whole).</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="innerException">The parser's own error, if any.</param>
    public TrecFormatException(string filePath, long lineNumber, string problem, Exception? innerException = null)
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
