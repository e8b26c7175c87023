using System.CommandLine;
using System.Globalization;
using LuceneRerank.Toolkit.CommandLine;
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
        var allowEmpty = new Option<bool>("--allow-empty") { Description = "Build (and with --force replace an index with) an empty index when the corpus has no document; default: refuse." };
        var embedding = new EmbeddingOptions(required: false);

        var command = new Command("build", "Build a Lucene.NET index (stored id/title/text; analysed contents, title, text) from a corpus.")
        {
            corpus, index, format, force, skipBad, allowEmpty,
        };
        foreach (var option in embedding.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var options = new IndexBuildOptions
            {
                Format = Enum.Parse<CorpusFormat>(parseResult.GetValue(format)!, ignoreCase: true),
                Force = parseResult.GetValue(force),
                SkipBadLines = parseResult.GetValue(skipBad),
                AllowEmpty = parseResult.GetValue(allowEmpty),
                Embeddings = embedding.Read(parseResult),
            };
            var corpusPath = parseResult.GetValue(corpus)!.FullName;
            var indexPath = parseResult.GetValue(index)!.FullName;
            var result = BuildProgressDisplay.Run(output, display =>
                IndexBuilder.Build(corpusPath, indexPath, options, display, cancellationToken));
            WriteSummary(output, result);
            WriteWarnings(error, result);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static void WriteWarnings(TextWriter error, IndexBuildResult result)
    {
        var c = CultureInfo.InvariantCulture;
        if (result.EmptyDocuments > 0)
        {
            error.WriteLine(string.Create(c,
                $"warning: {result.EmptyDocuments} documents have no title and no text (first at line {result.FirstEmptyDocumentLine}); they are indexed but only their id can match"));
        }

        if (result.ReplacedBytes > 0)
        {
            error.WriteLine(string.Create(c,
                $"warning: {result.ReplacedBytes} byte sequences are not UTF-8 (first at line {result.FirstReplacedLine}); they were indexed as U+FFFD (convert the file to UTF-8, e.g. with iconv, to keep them)"));
        }
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
        EmbeddingOptions.WriteSummary(output, result.Embeddings);
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
