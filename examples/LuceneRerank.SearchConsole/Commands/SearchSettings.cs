using LuceneRerank.Rescoring;
using LuceneRerank.Toolkit.Search;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary>The parsed options of <c>lrr-search</c>.</summary>
/// <param name="ModelPath">A cross-encoder model directory to rerank with; null for BM25 only.</param>
/// <param name="Window">How many BM25 hits the model reranks.</param>
/// <param name="Fusion">How BM25 and model scores merge (null: <see cref="ScoreFusion.Replace"/>).</param>
internal sealed record SearchSettings(
    string IndexPath,
    string? QueriesPath,
    string? RunOutPath,
    string? QrelsPath,
    Bm25Parameters Bm25,
    SearchFields Fields,
    int Hits,
    string Tag,
    string Metrics,
    int RelevanceThreshold,
    bool AllQueries,
    bool PerQuery,
    string? ModelPath = null,
    int Window = NeuralRescorerOptions.DefaultWindow,
    ScoreFusion? Fusion = null);
