namespace LuceneRerank.Toolkit.Corpora;

/// <summary>Decides whether a corpus file is BEIR JSONL or TSV.</summary>
internal static class CorpusFormatDetector
{
    /// <summary>
    /// Detects the format: <c>.jsonl</c>/<c>.json</c> means JSONL and <c>.tsv</c> means TSV; otherwise the first
    /// non-blank line decides (JSONL when it starts with <c>{</c>, TSV when it holds a tab).
    /// </summary>
    /// <param name="path">The corpus file.</param>
    /// <returns><see cref="CorpusFormat.Jsonl"/> or <see cref="CorpusFormat.Tsv"/>.</returns>
    /// <exception cref="CorpusFormatException">The file is empty or its first line is neither JSON nor TSV.</exception>
    public static CorpusFormat Detect(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".jsonl" or ".json")
        {
            return CorpusFormat.Jsonl;
        }

        if (extension == ".tsv")
        {
            return CorpusFormat.Tsv;
        }

        using var reader = new StreamReader(path);
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (trimmed[0] == '{')
            {
                return CorpusFormat.Jsonl;
            }

            if (line.Contains('\t'))
            {
                return CorpusFormat.Tsv;
            }

            throw new CorpusFormatException(path, lineNumber,
                "cannot detect the corpus format: the line is neither a JSON object nor tab-separated (use --format)");
        }

        throw new CorpusFormatException(path, 0, "the corpus file is empty (or holds only blank lines)");
    }
}
