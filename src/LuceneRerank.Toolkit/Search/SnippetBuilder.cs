using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace LuceneRerank.Toolkit.Search;

/// <summary>Cuts a short snippet of a passage around its first word that matches a query term (after analysis).</summary>
public sealed class SnippetBuilder(Analyzer analyzer)
{
    /// <summary>Returns about <paramref name="length"/> characters of <paramref name="text"/> on one line, starting a little before the first matching word (or at the start when none matches).</summary>
    /// <param name="text">The passage.</param>
    /// <param name="queryTerms">Analysed query terms.</param>
    /// <param name="length">Snippet length in characters.</param>
    public string Build(string text, IReadOnlyCollection<string> queryTerms, int length = 160)
    {
        var terms = queryTerms as ISet<string> ?? new HashSet<string>(queryTerms, StringComparer.Ordinal);
        var start = 0;
        using (var stream = analyzer.GetTokenStream(Indexing.IndexFieldNames.Text, new StringReader(text)))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var offset = stream.AddAttribute<IOffsetAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                if (terms.Contains(term.ToString()))
                {
                    start = offset.StartOffset;
                    break;
                }
            }

            stream.End();
        }

        start = Math.Max(0, start - length / 4);
        if (start > 0)
        {
            var space = text.IndexOf(' ', start);
            start = space >= 0 && space - start < 20 ? space + 1 : start;
        }

        var piece = text.Substring(start, Math.Min(length, text.Length - start));
        var oneLine = string.Join(' ', piece.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return (start > 0 ? "…" : string.Empty) + oneLine + (start + length < text.Length ? "…" : string.Empty);
    }
}
