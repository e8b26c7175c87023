namespace LuceneRerank.Toolkit.Indexing;

/// <summary>The target of a build already holds an index (and force was not given) or something that is not an index.</summary>
public sealed class IndexAlreadyExistsException(string indexPath, string message) : IOException(message)
{
    /// <summary>The target directory.</summary>
    public string IndexPath { get; } = indexPath;
}
