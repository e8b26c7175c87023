using System.Globalization;
using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;
using LuceneRerank.Toolkit.Indexing;
using LuceneRerank.Toolkit.Search;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary>
/// Builds the search pipeline: BM25 first pass, then (when rerankers are given) the library's
/// <see cref="CascadeRescorer"/>, its first stage over the top <c>window</c> BM25 hits, each later one over the top of
/// the previous stage's result, reading the stored <c>title</c> and <c>text</c> fields.
/// </summary>
internal static class PipelineFactory
{
    /// <summary>BM25, reranked by <paramref name="reranker"/> (when given) over the settings' window with its fusion.</summary>
    public static SearchPipeline Create(Bm25Searcher searcher, SearchSettings settings, IReranker? reranker = null) =>
        Create(searcher, reranker is null ? null : SingleStage(settings, reranker));

    /// <summary>BM25, then <paramref name="chain"/> (null: BM25 only).</summary>
    public static SearchPipeline Create(Bm25Searcher searcher, CascadeRescorer? chain) =>
        chain is null
            ? new SearchPipeline(searcher, rescorerFactory: null, rerankWindow: null)
            : new SearchPipeline(searcher, chain.ForQuery, chain.Stages[0].Window);

    /// <summary>A one-stage cascade: <paramref name="reranker"/> with the settings' window and fusion.</summary>
    public static CascadeRescorer SingleStage(SearchSettings settings, IReranker reranker) =>
        new([new CascadeStage(reranker, RescorerOptions(settings.Window, settings.Fusion))]);

    /// <summary>A stage's rescorer options: its window and fusion, passages from title and text.</summary>
    public static NeuralRescorerOptions RescorerOptions(int window, ScoreFusion fusion) => new()
    {
        Window = window,
        Fusion = fusion,
        TextSource = new PassageTextSource(IndexFieldNames.Title, IndexFieldNames.Text) { Separator = " " },
    };

    /// <summary>A one-line description of the pipeline for the console's header, with each reranker's active provider.</summary>
    public static string Describe(SearchPipeline pipeline, SearchSettings settings, CascadeRescorer? chain = null)
    {
        var c = CultureInfo.InvariantCulture;
        var text = string.Create(c, $"BM25 k1={settings.Bm25.K1} b={settings.Bm25.B} fields={settings.Fields.ToString().ToLowerInvariant()}");
        if (!pipeline.HasRescorer)
        {
            return text;
        }

        if (chain is null)
        {
            return text + string.Create(c, $", reranked by a rescorer (window {pipeline.RerankWindow?.ToString(c) ?? "all"})");
        }

        return text + ", reranked by " + string.Join(", then ", chain.Stages.Select(stage =>
        {
            var description = stage.Reranker.Description;
            var provider = description.ExecutionProvider.Length > 0 ? $"provider {description.ExecutionProvider}, " : "";
            return string.Create(c, $"{description.Name} ({provider}window {stage.Window}, fusion {stage.Options.Fusion})");
        }));
    }
}
