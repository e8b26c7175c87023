namespace LuceneRerank.Toolkit.Corpora;

/// <summary>One document of a corpus: its identifier, title (empty when the corpus has none) and body text.</summary>
/// <param name="Id">The document identifier (BEIR <c>_id</c>, or the first TSV column).</param>
/// <param name="Title">The title; empty when the corpus gives none.</param>
/// <param name="Text">The body text.</param>
public sealed record CorpusDocument(string Id, string Title, string Text);
