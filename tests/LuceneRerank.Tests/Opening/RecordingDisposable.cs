namespace LuceneRerank.Tests.Opening;

/// <summary>Appends its name to a shared log each time it is disposed.</summary>
internal sealed class RecordingDisposable(string name, List<string> log) : IDisposable
{
    public void Dispose() => log.Add(name);
}
