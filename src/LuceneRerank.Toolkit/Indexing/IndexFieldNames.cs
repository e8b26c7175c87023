namespace LuceneRerank.Toolkit.Indexing;

/// <summary>The field names of an index built by <see cref="IndexBuilder"/>.</summary>
public static class IndexFieldNames
{
    /// <summary>The document id: stored, indexed as one untokenised term.</summary>
    public const string Id = "id";

    /// <summary>The title: stored and analysed (for multi-field search).</summary>
    public const string Title = "title";

    /// <summary>The body text: stored (the reranker reads it) and analysed (for multi-field search).</summary>
    public const string Text = "text";

    /// <summary><c>title + " " + text</c>, analysed, not stored: the default (flat) search field.</summary>
    public const string Contents = "contents";
}
