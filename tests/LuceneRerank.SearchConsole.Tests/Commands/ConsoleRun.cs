using LuceneRerank.Testing;
using LuceneRerank.Toolkit.Indexing;

namespace LuceneRerank.SearchConsole.Tests.Commands;

/// <summary>Runs <c>lrr-search</c> in process and captures its output.</summary>
internal sealed record ConsoleRun(int ExitCode, string Output, string Error)
{
    public static ConsoleRun Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = Program.RunAsync(args, output, error).GetAwaiter().GetResult();
        return new ConsoleRun(exitCode, output.ToString(), error.ToString());
    }

    public string[] TabLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains('\t')).ToArray();

    public double Metric(string name) =>
        double.Parse(TabLines.Single(l => l.StartsWith(name + "\t", StringComparison.Ordinal)).Split('\t')[1], System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A small indexed corpus in a temporary folder.</summary>
internal sealed class SmallCorpus : IDisposable
{
    private readonly TempFiles _files = new();

    public SmallCorpus()
    {
        var corpus = Write("corpus.jsonl",
            """{"_id": "d1", "title": "Photosynthesis", "text": "Plants turn light into chemical energy in chloroplasts."}""",
            """{"_id": "d2", "title": "Mitochondria", "text": "Mitochondria produce energy for the cell."}""",
            """{"_id": "d3", "title": "Volcanoes", "text": "Lava flows from volcanoes during eruptions."}""");
        Index = Path.Combine(Root, "index");
        IndexBuilder.Build(corpus, Index);
    }

    public string Root => _files.Root;

    public string Index { get; }

    public string Write(string name, params string[] lines) => _files.Write(name, lines);

    public void Dispose() => _files.Dispose();
}
