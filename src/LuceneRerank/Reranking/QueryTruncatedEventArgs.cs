namespace LuceneRerank.Reranking;

/// <summary>Raised once per scored query whose own tokens had to be cut to leave room for the passage.</summary>
public sealed class QueryTruncatedEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    public QueryTruncatedEventArgs(string query, int keptTokens, int maxLength)
    {
        Query = query;
        KeptTokens = keptTokens;
        MaxLength = maxLength;
    }

    /// <summary>The query as given.</summary>
    public string Query { get; }

    /// <summary>How many of the query's tokens were kept.</summary>
    public int KeptTokens { get; }

    /// <summary>The model's maximum input length.</summary>
    public int MaxLength { get; }
}
