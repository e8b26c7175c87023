using Lucene.Net.Store;

namespace LuceneRerank.Toolkit.Indexing;

/// <summary>The real file system, as <see cref="IndexBuilder"/> uses it outside tests.</summary>
internal sealed class PhysicalIndexFileSystem : IIndexFileSystem
{
    public static PhysicalIndexFileSystem Instance { get; } = new();

    public Stream OpenLock(string path) =>
        new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

    public void CreateDirectory(string path) => System.IO.Directory.CreateDirectory(path);

    public Lucene.Net.Store.Directory OpenIndexDirectory(string path) => FSDirectory.Open(path);

    public void MoveDirectory(string source, string destination) => System.IO.Directory.Move(source, destination);

    public void DeleteDirectory(string path) => System.IO.Directory.Delete(path, recursive: true);
}
