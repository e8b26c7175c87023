using System.Globalization;

namespace LuceneRerank.Toolkit.Trec;

/// <summary>Writes TREC run lines: <c>qid Q0 docid rank score tag</c>, scores in round-trip precision.</summary>
public static class TrecRunWriter
{
    /// <summary>Formats one entry as a run line (no newline).</summary>
    public static string Format(TrecRunEntry entry)
    {
        if (entry.QueryId.Length == 0 || entry.QueryId.Any(char.IsWhiteSpace) || entry.DocumentId.Any(char.IsWhiteSpace) || entry.DocumentId.Length == 0)
        {
            throw new ArgumentException($"query and document ids must be non-empty and free of whitespace: \"{entry.QueryId}\" / \"{entry.DocumentId}\"", nameof(entry));
        }

        var tag = entry.Tag.Length == 0 ? "run" : entry.Tag;
        return string.Create(CultureInfo.InvariantCulture,
            $"{entry.QueryId} Q0 {entry.DocumentId} {entry.Rank} {entry.Score.ToString("R", CultureInfo.InvariantCulture)} {tag}");
    }

    /// <summary>Writes entries, one line each.</summary>
    public static void Write(TextWriter writer, IEnumerable<TrecRunEntry> entries)
    {
        foreach (var entry in entries)
        {
            writer.Write(Format(entry));
            writer.Write('\n');
        }
    }

    /// <summary>Writes a whole run to a file (replacing it), queries in the run's order.</summary>
    public static void Write(string path, TrecRun run)
    {
        using var writer = new StreamWriter(path);
        foreach (var queryId in run.QueryIds)
        {
            Write(writer, run[queryId]);
        }
    }
}
