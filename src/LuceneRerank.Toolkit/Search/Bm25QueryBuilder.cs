using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using LuceneRerank.Toolkit.Indexing;

namespace LuceneRerank.Toolkit.Search;

/// <summary>
/// Turns free text into a bag-of-words BM25 query without a query parser: the text is analysed with the index's
/// analyzer and each distinct term becomes a SHOULD <see cref="TermQuery"/> boosted by how often it occurs in the
/// query. No character has a syntax meaning, so any user input (quotes, <c>AND</c>, <c>:</c>, brackets, <c>~ * ?</c>)
/// is searched as words and never throws a parse error.
/// </summary>
public sealed class Bm25QueryBuilder(Analyzer analyzer)
{
    /// <summary>Analyses <paramref name="text"/> into terms, in order, duplicates kept.</summary>
    public IReadOnlyList<string> Analyze(string text, string field = IndexFieldNames.Contents)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(field, new StringReader(text));
        var termAttribute = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(termAttribute.ToString());
        }

        stream.End();
        return terms;
    }

    /// <summary>Builds the query, or returns null when the text has no searchable term (empty, only stop words or punctuation).</summary>
    /// <param name="text">The user's query text.</param>
    /// <param name="fields">The fields to score.</param>
    public Query? Build(string text, SearchFields fields)
    {
        if (fields == SearchFields.Contents)
        {
            return BuildForField(text, IndexFieldNames.Contents);
        }

        var title = BuildForField(text, IndexFieldNames.Title);
        var body = BuildForField(text, IndexFieldNames.Text);
        if (title is null || body is null)
        {
            return null;
        }

        return new BooleanQuery
        {
            { title, Occur.SHOULD },
            { body, Occur.SHOULD },
        };
    }

    private BooleanQuery? BuildForField(string text, string field)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var term in Analyze(text, field))
        {
            if (counts.TryGetValue(term, out var count))
            {
                counts[term] = count + 1;
            }
            else if (order.Count < BooleanQuery.MaxClauseCount)
            {
                counts[term] = 1;
                order.Add(term);
            }
        }

        if (order.Count == 0)
        {
            return null;
        }

        var query = new BooleanQuery();
        foreach (var term in order)
        {
            query.Add(new TermQuery(new Term(field, term)) { Boost = counts[term] }, Occur.SHOULD);
        }

        return query;
    }
}
