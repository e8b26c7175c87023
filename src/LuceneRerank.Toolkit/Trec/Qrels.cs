namespace LuceneRerank.Toolkit.Trec;

/// <summary>Relevance judgements: a grade per (query, document).</summary>
public sealed class Qrels
{
    private readonly Dictionary<string, Dictionary<string, int>> _byQuery = new(StringComparer.Ordinal);
    private readonly List<string> _queryIds = [];

    /// <summary>Query ids in order of first appearance.</summary>
    public IReadOnlyList<string> QueryIds => _queryIds;

    /// <summary>Number of judgements.</summary>
    public int Count { get; private set; }

    /// <summary>The judgements of a query (document id to grade); empty when the query has none.</summary>
    public IReadOnlyDictionary<string, int> this[string queryId] =>
        _byQuery.TryGetValue(queryId, out var judgements) ? judgements : s_empty;

    private static readonly IReadOnlyDictionary<string, int> s_empty = new Dictionary<string, int>();

    /// <summary>Whether the query has any judgement.</summary>
    public bool Contains(string queryId) => _byQuery.ContainsKey(queryId);

    /// <summary>Adds a judgement; returns false when the pair is already judged.</summary>
    public bool TryAdd(string queryId, string documentId, int grade)
    {
        if (!_byQuery.TryGetValue(queryId, out var judgements))
        {
            judgements = new Dictionary<string, int>(StringComparer.Ordinal);
            _byQuery.Add(queryId, judgements);
            _queryIds.Add(queryId);
        }

        if (!judgements.TryAdd(documentId, grade))
        {
            return false;
        }

        Count++;
        return true;
    }
}
