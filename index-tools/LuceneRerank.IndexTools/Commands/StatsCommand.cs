using System.CommandLine;
using System.Globalization;
using LuceneRerank.Toolkit.Indexing;

namespace LuceneRerank.IndexTools.Commands;

/// <summary><c>lrr-index stats</c>: documents, fields, terms and size of an index.</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var index = new Option<DirectoryInfo>("--index") { Description = "Index directory.", Required = true };
        var command = new Command("stats", "Print an index's documents, fields, terms and size on disk.") { index };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var stats = IndexStatisticsReader.Read(parseResult.GetValue(index)!.FullName);
            var c = CultureInfo.InvariantCulture;
            output.WriteLine($"index      {stats.IndexPath}");
            output.WriteLine(string.Create(c, $"documents  {stats.Documents}"));
            output.WriteLine(string.Create(c, $"deleted    {stats.DeletedDocuments}"));
            output.WriteLine(string.Create(c, $"segments   {stats.Segments}"));
            output.WriteLine(string.Create(c, $"terms      {stats.UniqueTerms}"));
            output.WriteLine($"size       {IndexDirectorySize.Format(stats.SizeBytes)} ({stats.SizeBytes.ToString(c)} bytes)");
            foreach (var (key, value) in stats.CommitData.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"{key,-10} {value}");
            }

            if (stats.Embeddings is { } embeddings)
            {
                output.WriteLine(string.Create(c,
                    $"embeddings {embeddings.Metadata.Field}: {embeddings.Metadata.ModelName}, dimension {embeddings.Metadata.Dimension}, " +
                    $"{LuceneRerank.LateInteraction.StoredEmbeddingMetadata.Name(embeddings.Metadata.Encoding)}; {embeddings.Tokens} tokens in {embeddings.Documents} documents, " +
                    $"{embeddings.BytesPerToken:F1} bytes per token ({IndexDirectorySize.Format(embeddings.Bytes)})"));
            }

            output.WriteLine();
            output.WriteLine($"{"field",-10} {"indexed",-7} {"terms",12} {"documents",10} {"tokens",14}");
            foreach (var field in stats.Fields)
            {
                output.WriteLine(string.Create(c,
                    $"{field.Name,-10} {(field.Indexed ? "yes" : "no"),-7} {field.UniqueTerms,12} {field.DocumentsWithField,10} {field.TotalTermOccurrences,14}"));
            }

            return 0;
        });
        return command;
    }
}
