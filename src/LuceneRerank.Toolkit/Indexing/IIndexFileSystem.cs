namespace LuceneRerank.Toolkit.Indexing;

/// <summary>
/// The file-system steps of <see cref="IndexBuilder"/> (lock, folders, the Lucene directory, the swap), a seam through
/// which tests inject failures at each step.
/// </summary>
internal interface IIndexFileSystem
{
    /// <summary>Opens the build lock exclusively; throws <see cref="IOException"/> when another build holds it.</summary>
    Stream OpenLock(string path);

    /// <summary>Creates a folder (and its parents).</summary>
    void CreateDirectory(string path);

    /// <summary>Opens the Lucene directory the new index is written to.</summary>
    Lucene.Net.Store.Directory OpenIndexDirectory(string path);

    /// <summary>Renames a folder.</summary>
    void MoveDirectory(string source, string destination);

    /// <summary>Deletes a folder and everything in it.</summary>
    void DeleteDirectory(string path);
}
