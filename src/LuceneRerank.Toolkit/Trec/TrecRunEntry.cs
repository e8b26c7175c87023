namespace LuceneRerank.Toolkit.Trec;

/// <summary>One line of a TREC run: <c>qid Q0 docid rank score tag</c>.</summary>
/// <param name="QueryId">The query id.</param>
/// <param name="DocumentId">The document id.</param>
/// <param name="Rank">The rank as written (trec_eval ignores it and sorts by score).</param>
/// <param name="Score">The score.</param>
/// <param name="Tag">The run tag.</param>
public sealed record TrecRunEntry(string QueryId, string DocumentId, int Rank, double Score, string Tag);
