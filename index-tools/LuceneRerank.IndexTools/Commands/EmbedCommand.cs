using System.CommandLine;
using System.Globalization;
using LuceneRerank.Toolkit.CommandLine;
using LuceneRerank.Toolkit.Indexing;

namespace LuceneRerank.IndexTools.Commands;

/// <summary>
/// <c>lrr-index embed</c>: adds ColBERT token embeddings to an existing index by rewriting it (see
/// <see cref="IndexEmbedder"/>: Lucene 4.8 cannot add a doc-values field to existing documents).
/// </summary>
internal static class EmbedCommand
{
    public static Command Create()
    {
        var index = new Option<DirectoryInfo>("--index") { Description = "Index built by 'lrr-index build'.", Required = true };
        var embedding = new EmbeddingOptions(required: true);
        var command = new Command("embed",
            "Store every document's ColBERT token embeddings in an existing index (rewrites it beside the old one and swaps it in; the old index stays if anything fails).")
        {
            index,
        };
        foreach (var option in embedding.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var options = embedding.Read(parseResult)!;
            var indexPath = parseResult.GetValue(index)!.FullName;
            var result = BuildProgressDisplay.Run(output, display => IndexEmbedder.Embed(indexPath, options, display, cancellationToken));
            var c = CultureInfo.InvariantCulture;
            output.WriteLine($"index          {result.IndexPath} (rewritten with embeddings)");
            output.WriteLine(string.Create(c, $"documents      {result.Documents}"));
            output.WriteLine($"index size     {IndexDirectorySize.Format(result.SizeBytes)}");
            output.WriteLine(string.Create(c, $"time           {result.Elapsed.TotalSeconds:F2} s ({result.DocumentsPerSecond:F0} documents/s)"));
            EmbeddingOptions.WriteSummary(output, result.Embeddings);
            foreach (var note in result.Notes)
            {
                output.WriteLine("note: " + note);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
