namespace LuceneRerank.SearchConsole.Commands;

/// <summary>Reads a pairs file for <c>lrr-search score</c>: one <c>query&lt;TAB&gt;passage</c> per line, UTF-8.</summary>
internal static class PairsFileReader
{
    /// <summary>Reads every pair in file order.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">A line has no tab; the message names the file and line.</exception>
    public static IReadOnlyList<ScorePair> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"pairs file not found: {path}", path);
        }

        var pairs = new List<ScorePair>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            var tab = line.IndexOf('\t');
            if (tab < 0)
            {
                throw new FormatException(
                    $"{path}:{number}: expected query<TAB>passage, found {(line.Length == 0 ? "an empty line" : "no tab")}");
            }

            pairs.Add(new ScorePair(line[..tab], line[(tab + 1)..]));
        }

        return pairs;
    }
}
