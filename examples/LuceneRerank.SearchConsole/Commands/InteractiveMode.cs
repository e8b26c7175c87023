using System.Globalization;
using LuceneRerank.Rescoring;
using LuceneRerank.Toolkit.Search;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary>
/// Interactive mode: reads a query per line, prints the top hits (rank, id, score, title, snippet, and with
/// <c>--show-reasoning</c> the reasoning a reasoning reranker wrote about each) and the time taken.
/// </summary>
internal static class InteractiveMode
{
    /// <summary>Hits shown per query.</summary>
    public const int ShownHits = 10;

    public static int Run(SearchPipeline pipeline, SearchSettings settings, TextReader input, TextWriter output, CascadeRescorer? chain = null)
    {
        var c = CultureInfo.InvariantCulture;
        using var analyzer = Toolkit.Indexing.EnglishAnalyzerFactory.Create();
        var snippets = new SnippetBuilder(analyzer);
        output.WriteLine(string.Create(c, $"{PipelineFactory.Describe(pipeline, settings, chain)}; {pipeline.Searcher.Reader.NumDocs} documents. Type a query (empty line or Ctrl-D to quit)."));
        while (true)
        {
            output.Write("query> ");
            output.Flush();
            var line = input.ReadLine();
            if (line is null || line.Trim().Length == 0)
            {
                return 0;
            }

            var result = pipeline.Search(line, Math.Min(settings.Hits, ShownHits));
            if (result.Hits.Count == 0)
            {
                output.WriteLine("no hits (the query has no searchable term, or nothing matches)");
            }

            var terms = pipeline.Searcher.QueryBuilder.Analyze(line);
            foreach (var hit in result.Hits)
            {
                var document = pipeline.Searcher.GetDocument(hit.LuceneDocId);
                var bm25Rank = pipeline.HasRescorer ? string.Create(c, $"(bm25 {hit.FirstPassRank?.ToString(c) ?? "?",3})  ") : string.Empty;
                output.WriteLine(string.Create(c, $"{hit.Rank,3}  {bm25Rank}{hit.DocumentId}  {hit.Score:F4}  {document.Title}"));
                output.WriteLine("     " + snippets.Build(document.Text, terms));
                if (settings.ShowReasoning)
                {
                    foreach (var reasoning in result.ReasoningFor(hit.LuceneDocId))
                    {
                        output.WriteLine("     reasoning: " + reasoning);
                    }
                }
            }

            var t = result.Timings;
            var rescoring = !pipeline.HasRescorer ? string.Empty
                : chain is { Stages.Count: > 1 } ? $", rescoring {SearchCommand.Milliseconds(t.Rescoring)} ({StageSplit(t.Stages)})"
                : $", rescoring {SearchCommand.Milliseconds(t.Rescoring)} (tokenisation {SearchCommand.Milliseconds(t.Tokenization)}, inference {SearchCommand.Milliseconds(t.Inference)})";
            output.WriteLine(string.Create(c,
                $"{result.TopDocs.TotalHits} matching, {result.Hits.Count} shown in {SearchCommand.Milliseconds(t.Total)} (retrieval {SearchCommand.Milliseconds(t.Retrieval)}{rescoring})"));
        }
    }

    /// <summary>Per stage of this search: its time, tokenisation and inference.</summary>
    private static string StageSplit(IReadOnlyList<RescoreTiming> stages) =>
        string.Join("; ", stages.Select((t, i) =>
            $"stage {i + 1} {SearchCommand.Milliseconds(t.Elapsed)}: tokenisation {SearchCommand.Milliseconds(t.Tokenization)}, inference {SearchCommand.Milliseconds(t.Inference)}"));
}
