using LuceneRerank.Toolkit.CommandLine;

namespace LuceneRerank.Serve;

/// <summary>Entry point of <c>lrr-serve</c>: serves one reranker over HTTP (see <see cref="ServeCommand"/>).</summary>
public static class Program
{
    /// <summary>Runs the tool.</summary>
    public static Task<int> Main(string[] args) => CommandHost.MainAsync(ServeCommand.Create(), args);
}
