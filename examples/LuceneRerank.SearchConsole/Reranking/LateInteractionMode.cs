namespace LuceneRerank.SearchConsole.Reranking;

/// <summary>Where a ColBERT reranker (<c>--reranker colbert</c>) takes the documents' token embeddings from (<c>--late-interaction</c>).</summary>
internal enum LateInteractionMode
{
    /// <summary><c>query-time</c>: each hit's text is encoded when the query is reranked (<c>ColBertReranker</c>).</summary>
    QueryTime,

    /// <summary><c>stored</c>: the embeddings stored in the index at build time (see <see cref="StoredLateInteraction"/>).</summary>
    Stored,
}

/// <summary>The names of <see cref="LateInteractionMode"/> on the command line.</summary>
internal static class LateInteractionModes
{
    /// <summary>Every name, as <c>--late-interaction</c> accepts them.</summary>
    public static readonly string[] Names = ["query-time", "stored"];

    /// <summary>The mode named <paramref name="name"/> (one of <see cref="Names"/>).</summary>
    public static LateInteractionMode Parse(string name) => name switch
    {
        "query-time" => LateInteractionMode.QueryTime,
        "stored" => LateInteractionMode.Stored,
        _ => throw new FormatException($"unknown --late-interaction '{name}'; expected {string.Join(" or ", Names)}"),
    };
}
