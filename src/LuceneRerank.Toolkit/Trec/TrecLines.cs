namespace LuceneRerank.Toolkit.Trec;

/// <summary>Reads the non-blank lines of a text file with their 1-based line numbers.</summary>
internal static class TrecLines
{
    private static readonly char[] s_whitespace = [' ', '\t'];

    public static IEnumerable<(long Number, string Line)> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"file not found: {path}", path);
        }

        long number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return (number, line);
            }
        }
    }

    public static string[] SplitWhitespace(string line) =>
        line.Split(s_whitespace, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
