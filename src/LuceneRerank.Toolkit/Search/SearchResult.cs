using Lucene.Net.Search;
using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;

namespace LuceneRerank.Toolkit.Search;

/// <summary>The result of one search through a <see cref="SearchPipeline"/>.</summary>
/// <param name="QueryText">The query as given.</param>
/// <param name="TopDocs">The final Lucene top docs (after rescoring when a rescorer is set).</param>
/// <param name="Hits">The same hits with ranks and corpus ids.</param>
/// <param name="Timings">Time per stage.</param>
public sealed record SearchResult(string QueryText, TopDocs TopDocs, IReadOnlyList<SearchHit> Hits, SearchTimings Timings)
{
    /// <summary>
    /// The results of the library's rescoring stages, first to last (empty without a rescorer, or for a rescorer that
    /// is not a <see cref="NeuralRescorer"/> or <see cref="CascadeRescorer"/>).
    /// </summary>
    public IReadOnlyList<RescoreResult> Rescorings { get; init; } = [];

    /// <summary>The reasoning generating rerankers wrote about the document <paramref name="luceneDocId"/>, stage by stage.</summary>
    public IReadOnlyList<RerankReasoning> ReasoningFor(int luceneDocId) => [.. Rescorings.SelectMany(r => r.ReasoningFor(luceneDocId))];
}
