using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneRerank.Toolkit.Corpora;
using LuceneRerank.Toolkit.Indexing;

namespace LuceneRerank.Toolkit.Search;

/// <summary>
/// BM25 first-stage search over an index built by <see cref="IndexBuilder"/>. Thread-safe for concurrent searches.
/// </summary>
public sealed class Bm25Searcher : IDisposable
{
    private readonly FSDirectory _directory;
    private readonly Analyzer _analyzer;
    private readonly Bm25QueryBuilder _queryBuilder;
    private readonly BinaryDocValues? _idValues;

    /// <summary>Opens the index.</summary>
    /// <param name="indexPath">The index directory.</param>
    /// <param name="parameters">BM25 k1 and b (null: 0.9 / 0.4).</param>
    /// <param name="fields">Flat <c>contents</c> or multi-field.</param>
    /// <exception cref="DirectoryNotFoundException">No index at <paramref name="indexPath"/>.</exception>
    /// <exception cref="IndexUnreadableException">The index is damaged or of an unsupported format.</exception>
    public Bm25Searcher(string indexPath, Bm25Parameters? parameters = null, SearchFields fields = SearchFields.Contents)
    {
        Parameters = parameters ?? Bm25Parameters.Default;
        Fields = fields;
        (_directory, Reader) = IndexOpener.OpenReader(indexPath);
        Searcher = new IndexSearcher(Reader) { Similarity = new BM25Similarity(Parameters.K1, Parameters.B) };
        _analyzer = EnglishAnalyzerFactory.Create();
        _queryBuilder = new Bm25QueryBuilder(_analyzer);
        _idValues = MultiDocValues.GetBinaryValues(Reader, IndexFieldNames.Id);
    }

    /// <summary>The BM25 parameters in use.</summary>
    public Bm25Parameters Parameters { get; }

    /// <summary>The fields scored.</summary>
    public SearchFields Fields { get; }

    /// <summary>The open index reader.</summary>
    public DirectoryReader Reader { get; }

    /// <summary>The Lucene searcher, with <see cref="BM25Similarity"/> set (pass it to a <see cref="Rescorer"/>).</summary>
    public IndexSearcher Searcher { get; }

    /// <summary>The query builder (the same analyzer as at index time).</summary>
    public Bm25QueryBuilder QueryBuilder => _queryBuilder;

    /// <summary>Builds the BM25 query for the text, or null when it has no searchable term.</summary>
    public Query? BuildQuery(string text) => _queryBuilder.Build(text, Fields);

    /// <summary>Runs the BM25 query.</summary>
    /// <param name="text">Free text; any characters are allowed.</param>
    /// <param name="hits">Maximum number of hits.</param>
    /// <returns>The top hits; empty when the text has no searchable term.</returns>
    public TopDocs Search(string text, int hits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hits);
        var query = BuildQuery(text);
        return query is null ? new TopDocs(0, [], float.NaN) : Searcher.Search(query, hits);
    }

    /// <summary>The corpus id of a Lucene document number.</summary>
    public string GetDocumentId(int doc)
    {
        if (_idValues is not null)
        {
            var bytes = new BytesRef();
            lock (_idValues)
            {
                // Doc-values readers keep a file position: not safe to share between threads unguarded.
                _idValues.Get(doc, bytes);
            }

            return bytes.Utf8ToString();
        }

        return Reader.Document(doc, new HashSet<string> { IndexFieldNames.Id }).Get(IndexFieldNames.Id);
    }

    /// <summary>The stored document (id, title, text) of a Lucene document number.</summary>
    public CorpusDocument GetDocument(int doc)
    {
        var stored = Reader.Document(doc);
        return new CorpusDocument(
            stored.Get(IndexFieldNames.Id) ?? string.Empty,
            stored.Get(IndexFieldNames.Title) ?? string.Empty,
            stored.Get(IndexFieldNames.Text) ?? string.Empty);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _analyzer.Dispose();
        Reader.Dispose();
        _directory.Dispose();
    }
}
