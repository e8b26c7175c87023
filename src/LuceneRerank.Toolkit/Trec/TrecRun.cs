namespace LuceneRerank.Toolkit.Trec;

/// <summary>A TREC run: ranked entries per query.</summary>
public sealed class TrecRun
{
    private readonly Dictionary<string, List<TrecRunEntry>> _byQuery = new(StringComparer.Ordinal);
    private readonly List<string> _queryIds = [];

    /// <summary>Query ids in order of first appearance.</summary>
    public IReadOnlyList<string> QueryIds => _queryIds;

    /// <summary>Number of entries over all queries.</summary>
    public int Count { get; private set; }

    /// <summary>The entries of a query in file order, or an empty list when the run has none for it.</summary>
    public IReadOnlyList<TrecRunEntry> this[string queryId] =>
        _byQuery.TryGetValue(queryId, out var list) ? list : [];

    /// <summary>Whether the run has entries for a query.</summary>
    public bool Contains(string queryId) => _byQuery.ContainsKey(queryId);

    /// <summary>Adds an entry.</summary>
    public void Add(TrecRunEntry entry)
    {
        if (!_byQuery.TryGetValue(entry.QueryId, out var list))
        {
            list = [];
            _byQuery.Add(entry.QueryId, list);
            _queryIds.Add(entry.QueryId);
        }

        list.Add(entry);
        Count++;
    }
}
