namespace LuceneRerank.LateInteraction;

/// <summary>A stored token-embedding value is damaged: truncated, of an unknown version or encoding, or inconsistent.</summary>
public sealed class StoredEmbeddingFormatException : FormatException
{
    /// <summary>Creates the exception with a message naming the problem.</summary>
    /// <param name="message">What is wrong, with the offending numbers.</param>
    public StoredEmbeddingFormatException(string message)
        : base(message)
    {
    }
}
