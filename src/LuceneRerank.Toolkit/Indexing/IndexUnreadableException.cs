namespace LuceneRerank.Toolkit.Indexing;

/// <summary>
/// An index folder whose files cannot be read: corrupt or truncated (<c>CorruptIndexException</c>,
/// <c>EndOfStreamException</c>), or written by an unsupported Lucene version (<c>IndexFormatTooOldException</c>,
/// <c>IndexFormatTooNewException</c>). The message names the folder and says how to recover.
/// </summary>
public sealed class IndexUnreadableException : IOException
{
    private IndexUnreadableException(string indexPath, string message, Exception innerException)
        : base(message, innerException)
    {
        IndexPath = indexPath;
    }

    /// <summary>The index folder.</summary>
    public string IndexPath { get; }

    /// <summary>Wraps what Lucene threw while reading <paramref name="indexPath"/>.</summary>
    /// <param name="indexPath">The index folder.</param>
    /// <param name="innerException">Lucene's error.</param>
    /// <returns>The exception to throw.</returns>
    public static IndexUnreadableException For(string indexPath, Exception innerException)
    {
        var full = Path.GetFullPath(indexPath);
        var what = innerException.GetType().Name switch
        {
            "IndexFormatTooOldException" or "IndexFormatTooNewException" => "was written by an unsupported Lucene version",
            _ => "is damaged (corrupt or truncated files)",
        };
        var reason = innerException.Message.ReplaceLineEndings(" ");
        return new IndexUnreadableException(full,
            $"the index at {full} {what}: {innerException.GetType().Name}: {reason}; rebuild it with 'lrr-index build --force'",
            innerException);
    }
}
