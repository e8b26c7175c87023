namespace LuceneRerank.Toolkit.Trec;

/// <summary>A query (topic) to search.</summary>
/// <param name="Id">The query id.</param>
/// <param name="Text">The query text.</param>
public sealed record QueryTopic(string Id, string Text);
