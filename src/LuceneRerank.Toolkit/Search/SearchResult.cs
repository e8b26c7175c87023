using Lucene.Net.Search;

namespace LuceneRerank.Toolkit.Search;

/// <summary>The result of one search through a <see cref="SearchPipeline"/>.</summary>
/// <param name="QueryText">The query as given.</param>
/// <param name="TopDocs">The final Lucene top docs (after rescoring when a rescorer is set).</param>
/// <param name="Hits">The same hits with ranks and corpus ids.</param>
/// <param name="Timings">Time per stage.</param>
public sealed record SearchResult(string QueryText, TopDocs TopDocs, IReadOnlyList<SearchHit> Hits, SearchTimings Timings);
