using System.Globalization;

namespace LuceneRerank.Toolkit.Trec;

/// <summary>Reads a TREC run file (<c>qid Q0 docid rank score tag</c>, whitespace-separated).</summary>
public static class TrecRunReader
{
    /// <summary>Reads the run.</summary>
    /// <exception cref="TrecFormatException">A line with a wrong column count, a bad number, or a document listed twice for a query.</exception>
    public static TrecRun Read(string path)
    {
        var run = new TrecRun();
        var seen = new HashSet<(string, string)>();
        foreach (var (number, line) in TrecLines.Read(path))
        {
            var parts = TrecLines.SplitWhitespace(line);
            if (parts.Length != 6)
            {
                throw new TrecFormatException(path, number, $"expected 6 columns (qid Q0 docid rank score tag), found {parts.Length}");
            }

            if (!int.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rank))
            {
                throw new TrecFormatException(path, number, $"rank \"{parts[3]}\" is not an integer");
            }

            if (!double.TryParse(parts[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || double.IsNaN(score))
            {
                throw new TrecFormatException(path, number, $"score \"{parts[4]}\" is not a number");
            }

            if (!seen.Add((parts[0], parts[2])))
            {
                throw new TrecFormatException(path, number, $"document \"{parts[2]}\" appears twice for query \"{parts[0]}\"");
            }

            run.Add(new TrecRunEntry(parts[0], parts[2], rank, score, parts[5]));
        }

        return run;
    }
}
