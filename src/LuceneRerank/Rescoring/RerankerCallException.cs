namespace LuceneRerank.Rescoring;

/// <summary>Carries an exception thrown by the reranker through the pipeline; never leaves the library.</summary>
internal sealed class RerankerCallException : Exception
{
    public RerankerCallException(Exception inner)
        : base(inner.Message, inner)
    {
    }
}
