using System.Globalization;
using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;
using LuceneRerank.Toolkit.Indexing;
using LuceneRerank.Toolkit.Search;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary>
/// Builds the search pipeline from the settings: BM25 first pass, then (when a reranker is given) a
/// <see cref="NeuralRescorer"/> over the top <see cref="SearchSettings.Window"/> hits, reading the stored
/// <c>title</c> and <c>text</c> fields.
/// </summary>
internal static class PipelineFactory
{
    public static SearchPipeline Create(Bm25Searcher searcher, SearchSettings settings, IReranker? reranker = null)
    {
        if (reranker is null)
        {
            return new SearchPipeline(searcher, rescorerFactory: null, rerankWindow: null);
        }

        var rescorer = new NeuralRescorer(reranker, RescorerOptions(settings));
        return new SearchPipeline(searcher, rescorer.ForQuery, settings.Window, reranker as IRerankStatisticsSource);
    }

    /// <summary>The rescorer's options: the window and fusion asked for, passages from title and text.</summary>
    public static NeuralRescorerOptions RescorerOptions(SearchSettings settings) => new()
    {
        Window = settings.Window,
        Fusion = settings.Fusion,
        TextSource = new PassageTextSource(IndexFieldNames.Title, IndexFieldNames.Text) { Separator = " " },
    };

    /// <summary>A one-line description of the pipeline for the console's header.</summary>
    public static string Describe(SearchPipeline pipeline, SearchSettings settings, IReranker? reranker = null) =>
        string.Create(CultureInfo.InvariantCulture,
            $"BM25 k1={settings.Bm25.K1} b={settings.Bm25.B} fields={settings.Fields.ToString().ToLowerInvariant()}")
        + (pipeline.HasRescorer
            ? string.Create(CultureInfo.InvariantCulture,
                $", reranked by {reranker?.Description.Name ?? "a rescorer"} (window {pipeline.RerankWindow?.ToString(CultureInfo.InvariantCulture) ?? "all"}, fusion {settings.Fusion})")
            : string.Empty);
}
