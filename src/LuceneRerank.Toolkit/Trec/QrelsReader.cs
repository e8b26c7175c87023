using System.Globalization;

namespace LuceneRerank.Toolkit.Trec;

/// <summary>
/// Reads qrels: TREC (<c>qid iter docid grade</c>, whitespace-separated) or BEIR TSV (<c>query-id corpus-id score</c>
/// with a header line). The column count of the first line decides; a first line of a 3-column file whose grade is
/// not an integer is taken as the header.
/// </summary>
public static class QrelsReader
{
    /// <summary>Reads the qrels.</summary>
    /// <exception cref="TrecFormatException">A wrong column count, a grade that is not an integer, a pair judged twice,
    /// or no judgement at all (an empty or header-only file).</exception>
    public static Qrels Read(string path)
    {
        var qrels = new Qrels();
        int? columns = null;
        foreach (var (number, line) in TrecLines.Read(path))
        {
            var parts = TrecLines.SplitWhitespace(line);
            if (columns is null)
            {
                if (parts.Length is not (3 or 4))
                {
                    throw new TrecFormatException(path, number, $"expected 4 columns (TREC: qid iter docid grade) or 3 (BEIR: query-id corpus-id score), found {parts.Length}");
                }

                columns = parts.Length;
                if (parts.Length == 3 && !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                {
                    continue; // BEIR header
                }
            }
            else if (parts.Length != columns)
            {
                throw new TrecFormatException(path, number, $"expected {columns} columns like the first line, found {parts.Length}");
            }

            var documentId = parts[columns.Value - 2];
            var gradeText = parts[columns.Value - 1];
            if (!int.TryParse(gradeText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var grade))
            {
                throw new TrecFormatException(path, number, $"grade \"{gradeText}\" is not an integer");
            }

            if (!qrels.TryAdd(parts[0], documentId, grade))
            {
                throw new TrecFormatException(path, number, $"document \"{documentId}\" is judged twice for query \"{parts[0]}\"");
            }
        }

        if (qrels.QueryIds.Count == 0)
        {
            throw new TrecFormatException(path, 0, columns is null
                ? "no judgements (the file is empty or holds only blank lines); every metric would be 0"
                : "no judgements (only a header line); every metric would be 0");
        }

        return qrels;
    }
}
