namespace LuceneRerank.Toolkit.Corpora;

/// <summary>
/// Reads a corpus file (BEIR JSONL or TSV) line by line. Blank lines are ignored. A malformed line (bad JSON, missing
/// <c>_id</c>, duplicate id, wrong TSV column count) throws a <see cref="CorpusFormatException"/> naming the file and
/// line, or, with <see cref="SkipBadLines"/>, is skipped and counted.
/// </summary>
public sealed class CorpusReader
{
    private const int MaxRecordedProblems = 20;
    private readonly List<CorpusFormatException> _problems = [];

    /// <summary>Creates a reader for a file.</summary>
    /// <param name="path">The corpus file.</param>
    /// <param name="format">Its format, or <see cref="CorpusFormat.Auto"/> to detect it.</param>
    /// <param name="skipBadLines">Skip and count malformed lines instead of stopping at the first one.</param>
    public CorpusReader(string path, CorpusFormat format = CorpusFormat.Auto, bool skipBadLines = false)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"corpus file not found: {path}", path);
        }

        FilePath = path;
        Format = format == CorpusFormat.Auto ? CorpusFormatDetector.Detect(path) : format;
        SkipBadLines = skipBadLines;
    }

    /// <summary>The corpus file.</summary>
    public string FilePath { get; }

    /// <summary>The format in use (never <see cref="CorpusFormat.Auto"/>).</summary>
    public CorpusFormat Format { get; }

    /// <summary>Whether malformed lines are skipped and counted rather than thrown.</summary>
    public bool SkipBadLines { get; }

    /// <summary>Malformed lines skipped so far.</summary>
    public long SkippedLines { get; private set; }

    /// <summary>The first few skipped lines' problems (at most 20), for a summary.</summary>
    public IReadOnlyList<CorpusFormatException> Problems => _problems;

    /// <summary>Bytes of the file consumed so far (approximate: counts UTF-8 bytes of the lines read).</summary>
    public long BytesRead { get; private set; }

    /// <summary>Reads the documents. Enumerate once.</summary>
    /// <param name="cancellationToken">Stops the enumeration between lines.</param>
    /// <returns>The documents in file order.</returns>
    public IEnumerable<CorpusDocument> ReadDocuments(CancellationToken cancellationToken = default)
    {
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var tsv = new TsvCorpusLineParser();
        using var reader = new StreamReader(FilePath);
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            BytesRead += System.Text.Encoding.UTF8.GetByteCount(line) + 1;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            CorpusDocument? document;
            try
            {
                document = Format == CorpusFormat.Jsonl ? JsonlCorpusLineParser.Parse(line) : tsv.Parse(line);
                if (!seenIds.Add(document.Id))
                {
                    throw new CorpusLineException($"duplicate id \"{document.Id}\"");
                }
            }
            catch (CorpusLineException e)
            {
                var problem = new CorpusFormatException(FilePath, lineNumber, e.Message, e.InnerException);
                if (!SkipBadLines)
                {
                    throw problem;
                }

                SkippedLines++;
                if (_problems.Count < MaxRecordedProblems)
                {
                    _problems.Add(problem);
                }

                continue;
            }

            yield return document;
        }
    }
}
