namespace LuceneRerank.Toolkit.Search;

/// <summary>Which fields a BM25 query scores.</summary>
public enum SearchFields
{
    /// <summary>The single <c>contents</c> field (title + " " + text): Pyserini's BEIR "flat".</summary>
    Contents,

    /// <summary><c>title</c> and <c>text</c> scored separately and summed: Pyserini's BEIR "multifield".</summary>
    Multifield,
}
