namespace LuceneRerank.Toolkit.Indexing;

/// <summary>Another build into the same target holds its lock (<c>.NAME.lock</c> beside the target).</summary>
/// <param name="indexPath">The target folder.</param>
/// <param name="message">What is locked and what to do.</param>
/// <param name="innerException">The file system's refusal.</param>
public sealed class IndexBuildLockedException(string indexPath, string message, Exception innerException) : IOException(message, innerException)
{
    /// <summary>The target folder.</summary>
    public string IndexPath { get; } = indexPath;
}
