using Lucene.Net.Store;
using LuceneRerank.Toolkit.Indexing;

namespace LuceneRerank.Toolkit.Tests.Indexing;

/// <summary>
/// The real file system, except that the <see cref="FailAt"/>-th step (counting every seam call and every file Lucene
/// creates, from 1) throws an <see cref="IOException"/> as a full disk would; 0 never fails. <see cref="Steps"/> counts them.
/// </summary>
internal sealed class FailingIndexFileSystem(int failAt) : IIndexFileSystem
{
    public int FailAt { get; } = failAt;

    public int Steps { get; private set; }

    public List<string> StepNames { get; } = [];

    public Stream OpenLock(string path)
    {
        Step("lock");
        return PhysicalIndexFileSystem.Instance.OpenLock(path);
    }

    public void CreateDirectory(string path)
    {
        Step("create " + Path.GetFileName(path));
        PhysicalIndexFileSystem.Instance.CreateDirectory(path);
    }

    public Lucene.Net.Store.Directory OpenIndexDirectory(string path)
    {
        Step("open directory");
        return new FailingDirectory(FSDirectory.Open(path), this);
    }

    public void MoveDirectory(string source, string destination)
    {
        Step($"move {Path.GetFileName(source)} -> {Path.GetFileName(destination)}");
        PhysicalIndexFileSystem.Instance.MoveDirectory(source, destination);
    }

    public void DeleteDirectory(string path)
    {
        Step("delete " + Path.GetFileName(path));
        PhysicalIndexFileSystem.Instance.DeleteDirectory(path);
    }

    private void Step(string name)
    {
        Steps++;
        StepNames.Add(name);
        if (Steps == FailAt)
        {
            throw new IOException($"No space left on device : '{name}' (injected at step {Steps})", 28);
        }
    }

    private sealed class FailingDirectory(Lucene.Net.Store.Directory inner, FailingIndexFileSystem owner) : FilterDirectory(inner)
    {
        public override IndexOutput CreateOutput(string name, IOContext context)
        {
            owner.Step("write " + name);
            return base.CreateOutput(name, context);
        }

        public override void Sync(ICollection<string> names)
        {
            owner.Step("sync");
            base.Sync(names);
        }
    }
}
