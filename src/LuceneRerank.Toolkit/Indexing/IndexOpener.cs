using Lucene.Net.Index;
using Lucene.Net.Store;

namespace LuceneRerank.Toolkit.Indexing;

/// <summary>Opens an existing index directory with a clear error when there is none.</summary>
public static class IndexOpener
{
    /// <summary>Opens the directory, checking that it holds a Lucene index.</summary>
    /// <param name="indexPath">The index directory.</param>
    /// <returns>The open directory (dispose it).</returns>
    /// <exception cref="DirectoryNotFoundException">The path does not exist or holds no index.</exception>
    public static FSDirectory OpenDirectory(string indexPath)
    {
        if (!System.IO.Directory.Exists(indexPath))
        {
            throw new DirectoryNotFoundException($"index not found: {indexPath} does not exist");
        }

        var directory = FSDirectory.Open(indexPath);
        if (!DirectoryReader.IndexExists(directory))
        {
            directory.Dispose();
            throw new DirectoryNotFoundException($"index not found: {indexPath} holds no Lucene index (build one with 'lrr-index build')");
        }

        return directory;
    }
}
