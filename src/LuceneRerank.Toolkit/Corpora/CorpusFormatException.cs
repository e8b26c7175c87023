namespace LuceneRerank.Toolkit.Corpora;

/// <summary>A corpus line that cannot be read: bad JSON, a missing <c>_id</c>, a duplicate id, a wrong column count.</summary>
public sealed class CorpusFormatException : InputFileFormatException
{
    /// <summary>Creates the exception for a line of a corpus file.</summary>
    /// <param name="filePath">The corpus file.</param>
    /// <param name="lineNumber">The 1-based line number.</param>
    /// <param name="problem">What is wrong with the line.</param>
    /// <param name="innerException">The parser's own error, if any.</param>
    public CorpusFormatException(string filePath, long lineNumber, string problem, Exception? innerException = null)
        : base(filePath, lineNumber, problem, innerException)
    {
    }
}
