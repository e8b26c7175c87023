namespace LuceneRerank.Toolkit.Trec;

/// <summary>A line of a run, qrels or queries file that cannot be read.</summary>
public sealed class TrecFormatException : InputFileFormatException
{
    /// <summary>Creates the exception for a line of a file.</summary>
    /// <param name="filePath">The file.</param>
    /// <param name="lineNumber">The 1-based line number (0 for the file as a whole).</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="innerException">The parser's own error, if any.</param>
    public TrecFormatException(string filePath, long lineNumber, string problem, Exception? innerException = null)
        : base(filePath, lineNumber, problem, innerException)
    {
    }
}
