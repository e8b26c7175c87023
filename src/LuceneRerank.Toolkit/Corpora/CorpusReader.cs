namespace LuceneRerank.Toolkit.Corpora;

/// <summary>
/// Reads a corpus file (BEIR JSONL or TSV) line by line. Blank lines are ignored. A malformed line (bad JSON, missing
/// <c>_id</c>, duplicate id, an id that breaks <see cref="CorpusIdRules"/>, wrong TSV column count) throws a
/// <see cref="CorpusFormatException"/> naming the file and line, or, with <see cref="SkipBadLines"/>, is skipped and
/// counted.
/// </summary>
/// <remarks>
/// Bytes that are not UTF-8 are decoded as U+FFFD and counted (<see cref="ReplacedBytes"/>, with the first line in
/// <see cref="FirstReplacedLine"/>); documents with neither title nor text are read and counted
/// (<see cref="EmptyDocuments"/>, <see cref="FirstEmptyDocumentLine"/>), so that callers can warn.
/// </remarks>
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

    /// <summary>Bytes of the file consumed so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The line number of the line read last (1-based; 0 before the first).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Documents read whose title and text are both empty or whitespace (indexed all the same).</summary>
    public long EmptyDocuments { get; private set; }

    /// <summary>The line of the first empty document (0 when none).</summary>
    public long FirstEmptyDocumentLine { get; private set; }

    /// <summary>Byte sequences that were not UTF-8 and were decoded as U+FFFD.</summary>
    public long ReplacedBytes { get; private set; }

    /// <summary>The first line holding such bytes (0 when none).</summary>
    public long FirstReplacedLine { get; private set; }

    /// <summary>
    /// Records that the document read last could not be indexed (<paramref name="problem"/>): thrown as a
    /// <see cref="CorpusFormatException"/> naming this file and line, or counted and skipped with <see cref="SkipBadLines"/>.
    /// </summary>
    /// <param name="problem">Why the document was refused.</param>
    /// <param name="innerException">The refusing component's error.</param>
    public void Reject(string problem, Exception? innerException = null) =>
        Record(new CorpusFormatException(FilePath, LineNumber, problem, innerException));

    /// <summary>Reads the documents. Enumerate once.</summary>
    /// <param name="cancellationToken">Stops the enumeration between lines.</param>
    /// <returns>The documents in file order.</returns>
    public IEnumerable<CorpusDocument> ReadDocuments(CancellationToken cancellationToken = default)
    {
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var tsv = new TsvCorpusLineParser();
        using var reader = new Utf8LineReader(FilePath);
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            LineNumber = lineNumber;
            BytesRead = reader.BytesRead;
            if (reader.ReplacedOnLine > 0)
            {
                ReplacedBytes += reader.ReplacedOnLine;
                if (FirstReplacedLine == 0)
                {
                    FirstReplacedLine = lineNumber;
                }
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            CorpusDocument? document;
            try
            {
                document = Format == CorpusFormat.Jsonl ? JsonlCorpusLineParser.Parse(line) : tsv.Parse(line);
                if (CorpusIdRules.Problem(document.Id, "document id") is { } idProblem)
                {
                    throw new CorpusLineException(idProblem);
                }

                if (!seenIds.Add(document.Id))
                {
                    throw new CorpusLineException($"duplicate id \"{document.Id}\"");
                }
            }
            catch (CorpusLineException e)
            {
                Record(new CorpusFormatException(FilePath, lineNumber, e.Message, e.InnerException));
                continue;
            }

            if (string.IsNullOrWhiteSpace(document.Title) && string.IsNullOrWhiteSpace(document.Text))
            {
                EmptyDocuments++;
                if (FirstEmptyDocumentLine == 0)
                {
                    FirstEmptyDocumentLine = lineNumber;
                }
            }

            yield return document;
        }
    }

    private void Record(CorpusFormatException problem)
    {
        if (!SkipBadLines)
        {
            throw problem;
        }

        SkippedLines++;
        if (_problems.Count < MaxRecordedProblems)
        {
            _problems.Add(problem);
        }
    }
}
