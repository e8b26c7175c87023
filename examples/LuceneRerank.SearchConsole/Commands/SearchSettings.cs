using LuceneRerank.Toolkit.Search;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary>The parsed options of <c>lrr-search</c>.</summary>
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
    bool PerQuery);
