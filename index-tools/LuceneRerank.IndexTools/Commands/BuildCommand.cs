using System.CommandLine;
using System.Globalization;
using LuceneRerank.Toolkit.Corpora;
using LuceneRerank.Toolkit.Indexing;

namespace LuceneRerank.IndexTools.Commands;

/// <summary><c>lrr-index build</c>: builds a Lucene.NET index from a BEIR JSONL or TSV corpus.</summary>
internal static class BuildCommand
{
    public static Command Create()
    {
        var corpus = new Option<FileInfo>("--corpus") { Description = "Corpus file: BEIR corpus.jsonl (_id, title, text) or TSV (id<TAB>text or id<TAB>title<TAB>text).", Required = true };
        var index = new Option<DirectoryInfo>("--index") { Description = "Index directory to create.", Required = true };
        var format = new Option<string>("--format") { Description = "Corpus format: jsonl or tsv (default: detect).", DefaultValueFactory = _ => "auto" };
        format.AcceptOnlyFromAmong("auto", "jsonl", "tsv");
        var force = new Option<bool>("--force") { Description = "Replace an existing index." };
        var skipBad = new Option<bool>("--skip-bad") { Description = "Skip and count malformed lines instead of stopping." };

        var command = new Command("build", "Build a Lucene.NET index (stored id/title/text; analysed contents, title, text) from a corpus.")
        {
            corpus, index, format, force, skipBad,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(CommandRunner.Run(parseResult, (output, error) =>
        {
            var options = new IndexBuildOptions
            {
                Format = Enum.Parse<CorpusFormat>(parseResult.GetValue(format)!, ignoreCase: true),
                Force = parseResult.GetValue(force),
                SkipBadLines = parseResult.GetValue(skipBad),
            };
            var corpusPath = parseResult.GetValue(corpus)!.FullName;
            var indexPath = parseResult.GetValue(index)!.FullName;
            var result = BuildProgressDisplay.Run(output, display =>
                IndexBuilder.Build(corpusPath, indexPath, options, display, cancellationToken));
            WriteSummary(output, result);
            return 0;
        })));
        return command;
    }

    private static void WriteSummary(TextWriter output, IndexBuildResult result)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"index          {result.IndexPath}{(result.ReplacedExisting ? " (replaced)" : string.Empty)}");
        output.WriteLine($"format         {result.Format.ToString().ToLowerInvariant()}");
        output.WriteLine(string.Create(c, $"documents      {result.Documents}"));
        output.WriteLine(string.Create(c, $"skipped lines  {result.SkippedLines}"));
        output.WriteLine($"index size     {IndexDirectorySize.Format(result.SizeBytes)}");
        output.WriteLine(string.Create(c, $"time           {result.Elapsed.TotalSeconds:F2} s ({result.DocumentsPerSecond:F0} documents/s)"));
        foreach (var problem in result.Problems)
        {
            output.WriteLine("skipped: " + problem.Message);
        }

        if (result.SkippedLines > result.Problems.Count)
        {
            output.WriteLine(string.Create(c, $"skipped: ... and {result.SkippedLines - result.Problems.Count} more"));
        }

        foreach (var note in result.Notes)
        {
            output.WriteLine("note: " + note);
        }
    }
}
