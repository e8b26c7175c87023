namespace LuceneRerank.Tests.Opening;

/// <summary>Sets an environment variable for a test and restores the previous value when disposed.</summary>
internal sealed class EnvironmentVariableScope : IDisposable
{
    private readonly string _name;
    private readonly string? _saved;

    public EnvironmentVariableScope(string name, string? value)
    {
        _name = name;
        _saved = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose() => Environment.SetEnvironmentVariable(_name, _saved);
}
