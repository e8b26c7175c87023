using Lucene.Net.Index;

namespace LuceneRerank.Reranking;

/// <summary>Where a candidate passage lives: the searcher's top-level reader and the document id in it.</summary>
/// <param name="Reader">The reader the first-pass hit's id belongs to (the searcher's <c>IndexReader</c>).</param>
/// <param name="Doc">The document id in <paramref name="Reader"/> (the first-pass <c>ScoreDoc.Doc</c>).</param>
public sealed record IndexedDocument(IndexReader Reader, int Doc);
