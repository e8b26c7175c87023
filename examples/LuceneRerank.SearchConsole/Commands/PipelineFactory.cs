using LuceneRerank.Toolkit.Search;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary>
/// Builds the search pipeline from the settings: BM25 first pass, then (when a reranker option is given) a
/// <see cref="Lucene.Net.Search.Rescorer"/> over the top window. The reranking options plug in here.
/// </summary>
internal static class PipelineFactory
{
    public static SearchPipeline Create(Bm25Searcher searcher, SearchSettings settings) =>
        new(searcher, rescorerFactory: null, rerankWindow: null);

    /// <summary>A one-line description of the pipeline for the console's header.</summary>
    public static string Describe(SearchPipeline pipeline, SearchSettings settings) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"BM25 k1={settings.Bm25.K1} b={settings.Bm25.B} fields={settings.Fields.ToString().ToLowerInvariant()}")
        + (pipeline.HasRescorer ? $", rescored (window {pipeline.RerankWindow?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"})" : string.Empty);
}
