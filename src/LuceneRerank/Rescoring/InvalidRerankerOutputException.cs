namespace LuceneRerank.Rescoring;

/// <summary>
/// The reranker returned scores the rescorer cannot use: a wrong number of scores, or a NaN or infinite score.
/// The rescorer treats this as a reranker failure (see <see cref="FailurePolicy"/>).
/// </summary>
public sealed class InvalidRerankerOutputException : Exception
{
    /// <summary>Creates the exception with a message that names the problem.</summary>
    public InvalidRerankerOutputException(string message)
        : base(message)
    {
    }
}
