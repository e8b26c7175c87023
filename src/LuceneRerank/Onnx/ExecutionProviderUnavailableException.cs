namespace LuceneRerank.Onnx;

/// <summary>The requested execution provider is not available in this process; nothing fell back to CPU.</summary>
public sealed class ExecutionProviderUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public ExecutionProviderUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
