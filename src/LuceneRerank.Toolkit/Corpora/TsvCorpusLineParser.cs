namespace LuceneRerank.Toolkit.Corpora;

/// <summary>
/// Parses TSV corpus lines: <c>id&lt;TAB&gt;text</c> or <c>id&lt;TAB&gt;title&lt;TAB&gt;text</c>. The first line fixes the
/// column count; a later line with another count is an error.
/// </summary>
internal sealed class TsvCorpusLineParser
{
    private int _columns;

    public CorpusDocument Parse(string line)
    {
        var parts = line.Split('\t');
        if (parts.Length is not (2 or 3))
        {
            throw new CorpusLineException(
                $"expected 2 (id, text) or 3 (id, title, text) tab-separated columns, found {parts.Length}");
        }

        if (_columns == 0)
        {
            _columns = parts.Length;
        }
        else if (parts.Length != _columns)
        {
            throw new CorpusLineException(
                $"expected {_columns} tab-separated columns like the first line, found {parts.Length}");
        }

        var id = parts[0].Trim();
        if (id.Length == 0)
        {
            throw new CorpusLineException("empty id");
        }

        return parts.Length == 2
            ? new CorpusDocument(id, string.Empty, parts[1])
            : new CorpusDocument(id, parts[1], parts[2]);
    }
}
