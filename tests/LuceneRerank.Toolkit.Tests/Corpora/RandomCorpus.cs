using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LuceneRerank.Toolkit.Corpora;

namespace LuceneRerank.Toolkit.Tests.Corpora;

/// <summary>
/// A seeded random corpus file (JSONL or TSV) and what the reader's rules say about it, computed by a simple
/// reference written from the rules (runes, UTF-8 byte counts), not from the reader's code: which lines are
/// documents, which are bad, how many bytes are not UTF-8, which documents are empty.
/// </summary>
internal sealed class RandomCorpus
{
    private const int MaxIdBytes = 32766;
    private static readonly JsonSerializerOptions s_rawJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] s_whitespace = [" ", "\t", "\u00A0", "\u2003", "\u3000", "\u0085"];
    private static readonly byte[][] s_invalidUtf8 = [[0xFF], [0xFE], [0x80], [0xE2, 0x82]];
    private readonly Random _random;
    private readonly List<byte> _bytes = [];
    private readonly HashSet<string> _accepted = new(StringComparer.Ordinal);
    private readonly List<string> _usedIds = [];

    private readonly bool _tsvTitles;

    private RandomCorpus(int seed, CorpusFormat format)
    {
        Seed = seed;
        Format = format;
        _random = new Random(seed);
        _tsvTitles = _random.Next(2) == 0;
    }

    public int Seed { get; }

    public CorpusFormat Format { get; }

    public byte[] Bytes => _bytes.ToArray();

    /// <summary>The documents the rules accept, in file order.</summary>
    public List<CorpusDocument> Documents { get; } = [];

    /// <summary>1-based lines the rules reject.</summary>
    public List<long> BadLines { get; } = [];

    public long ReplacedBytes { get; private set; }

    public long FirstReplacedLine { get; private set; }

    public long EmptyDocuments { get; private set; }

    public long FirstEmptyDocumentLine { get; private set; }

    /// <summary>How often each case was generated (so a test can check the fixed seeds cover them all).</summary>
    public Dictionary<string, int> Cases { get; } = [];

    public string Extension => Format == CorpusFormat.Jsonl ? ".jsonl" : ".tsv";

    public static RandomCorpus Generate(int seed)
    {
        var format = new Random(seed).Next(3) == 0 ? CorpusFormat.Tsv : CorpusFormat.Jsonl;
        var corpus = new RandomCorpus(seed, format);
        var lines = corpus._random.Next(0, 40);
        for (var line = 1; line <= lines; line++)
        {
            corpus.AddLine(line);
        }

        return corpus;
    }

    public override string ToString() =>
        $"seed {Seed} ({Format}, {Documents.Count} documents, {BadLines.Count} bad lines; rerun with LRR_RANDOM_SEED={Seed})";

    private void AddLine(long number)
    {
        var roll = _random.Next(100);
        var replaced = 0;
        if (roll < 8)
        {
            Append(Pick(["", " ", "\t ", "\u3000"]));
        }
        else if (roll < 20)
        {
            Append(Malformed());
            BadLines.Add(number);
            Count("malformed line");
        }
        else
        {
            var id = Id();
            string? title = null;
            byte[] titleBytes = [];
            var titleReplaced = 0;
            if (Format == CorpusFormat.Jsonl ? _random.Next(10) > 0 : _tsvTitles)
            {
                title = Text(out titleBytes, out titleReplaced);
            }

            var text = Text(out var textBytes, out var textReplaced);
            replaced = titleReplaced + textReplaced;
            AppendDocument(id, title, titleBytes, text, textBytes);
            Judge(number, id, title ?? string.Empty, text);
        }

        if (replaced > 0)
        {
            ReplacedBytes += replaced;
            if (FirstReplacedLine == 0)
            {
                FirstReplacedLine = number;
            }
        }

        _bytes.AddRange(_random.Next(5) == 0 ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
    }

    /// <summary>The reference rules for a well-formed line.</summary>
    private void Judge(long number, string id, string title, string text)
    {
        var idBytes = Encoding.UTF8.GetByteCount(id);
        var hasWhitespace = id.EnumerateRunes().Any(Rune.IsWhiteSpace);
        Count(hasWhitespace ? "id with whitespace" : idBytes > MaxIdBytes ? "id over the term limit"
            : idBytes == MaxIdBytes ? "id at the term limit" : _accepted.Contains(id) ? "duplicate id" : "plain id");
        if ((title + text).EnumerateRunes().Any(r => r.Value > 0xFFFF))
        {
            Count("runes beyond the 16-bit range");
        }

        if (id.Length == 0 || hasWhitespace || idBytes > MaxIdBytes || _accepted.Contains(id))
        {
            BadLines.Add(number);
            return;
        }

        _accepted.Add(id);
        Documents.Add(new CorpusDocument(id, title, text));
        if (title.EnumerateRunes().All(Rune.IsWhiteSpace) && text.EnumerateRunes().All(Rune.IsWhiteSpace))
        {
            EmptyDocuments++;
            Count("empty document");
            if (FirstEmptyDocumentLine == 0)
            {
                FirstEmptyDocumentLine = number;
            }
        }
    }

    private string Id()
    {
        var roll = _random.Next(100);
        string id;
        if (roll < 8 && _usedIds.Count > 0)
        {
            id = _usedIds[_random.Next(_usedIds.Count)]; // duplicate
        }
        else if (roll < 14)
        {
            id = Word(1, 6) + Pick(s_whitespace.Where(w => Format == CorpusFormat.Jsonl || w != "\t").ToArray()) + Word(1, 6); // whitespace inside
        }
        else if (roll < 16)
        {
            id = new string('\u4e00', MaxIdBytes / 3 + _random.Next(0, 2)); // 32,766 or 32,769 UTF-8 bytes
        }
        else if (roll < 17)
        {
            id = string.Concat(Enumerable.Repeat("\U0001F600", (MaxIdBytes / 4) + 1)); // 32,768 bytes of emoji
        }
        else
        {
            id = Word(1, 12);
        }

        _usedIds.Add(id);
        return id;
    }

    /// <summary>Random text: runes from every plane, sometimes empty or whitespace, sometimes with bytes that are not UTF-8.</summary>
    private string Text(out byte[] bytes, out int replaced)
    {
        replaced = 0;
        var roll = _random.Next(100);
        if (roll < 8)
        {
            bytes = [];
            return string.Empty;
        }

        if (roll < 12)
        {
            var blank = Pick(s_whitespace.Where(w => Format == CorpusFormat.Jsonl || w != "\t").ToArray());
            bytes = Encoding.UTF8.GetBytes(blank);
            return blank;
        }

        var text = new StringBuilder();
        var raw = new List<byte>();
        var words = _random.Next(1, 12);
        for (var w = 0; w < words; w++)
        {
            if (w > 0)
            {
                text.Append(' ');
                raw.Add((byte)' ');
            }

            if (_random.Next(15) == 0)
            {
                var invalid = Pick(s_invalidUtf8);
                raw.AddRange(invalid);
                text.Append('\uFFFD');
                replaced++;
                Count("bytes that are not UTF-8");
                continue;
            }

            var word = Word(1, 10);
            text.Append(word);
            raw.AddRange(Encoding.UTF8.GetBytes(word));
        }

        bytes = raw.ToArray();
        return text.ToString();
    }

    /// <summary>Runes from planes 0, 1, 2, 3, 14, 15 and 16 (no surrogates; no tab, CR or LF, which TSV cannot hold).</summary>
    private string Word(int min, int max)
    {
        var builder = new StringBuilder();
        var length = _random.Next(min, max + 1);
        for (var i = 0; i < length; i++)
        {
            var roll = _random.Next(10);
            int value;
            if (roll < 5)
            {
                value = _random.Next(0x21, 0x7F); // ASCII, printable, no space
            }
            else
            {
                var plane = Pick(new[] { 0, 0, 1, 2, 3, 14, 15, 16 });
                value = (plane << 16) | _random.Next(plane == 0 ? 0xA1 : 0, 0x10000);
            }

            if (Rune.IsValid(value) && !Rune.IsWhiteSpace(new Rune(value)) && !Rune.IsControl(new Rune(value)))
            {
                builder.Append(new Rune(value).ToString());
            }
            else
            {
                builder.Append('x');
            }
        }

        return builder.ToString();
    }

    private string SafeWord() => Word(1, 5).Replace('"', 'x').Replace('\\', 'x');

    private string Malformed()
    {
        if (Format == CorpusFormat.Tsv)
        {
            return _random.Next(3) switch
            {
                0 => Word(1, 5), // one column
                1 => string.Join('\t', Word(1, 3), Word(1, 3), Word(1, 3), Word(1, 3)), // four columns
                _ => "\t" + Word(1, 5) + (_tsvTitles ? "\t" + Word(1, 5) : string.Empty), // empty id, right column count
            };
        }

        return _random.Next(8) switch
        {
            0 => "{\"_id\": \"" + SafeWord(), // truncated
            1 => "[1, 2, 3]",
            2 => "{\"title\": \"no id\", \"text\": \"x\"}",
            3 => "{\"_id\": {\"a\": 1}, \"text\": \"x\"}",
            4 => "{\"_id\": \"\", \"text\": \"x\"}",
            5 => "{\"_id\": \"" + SafeWord() + "q\", \"title\": 5, \"text\": \"x\"}",
            6 => "{\"_id\": \"" + SafeWord() + "s\", \"text\": \"lone \\ud800 surrogate\"}",
            _ => "not json at all",
        };
    }

    private void AppendDocument(string id, string? title, byte[] titleBytes, string text, byte[] textBytes)
    {
        if (Format == CorpusFormat.Tsv)
        {
            Append(id);
            if (title is not null)
            {
                _bytes.Add((byte)'\t');
                _bytes.AddRange(titleBytes);
            }

            _bytes.Add((byte)'\t');
            _bytes.AddRange(textBytes);
            return;
        }

        // JSON with raw UTF-8 (relaxed escaping); invalid bytes are spliced into the strings' raw bytes.
        Append("{\"_id\": ");
        Append(id.All(char.IsAsciiDigit) && id[0] != '0' && _random.Next(2) == 0 ? id : JsonSerializer.Serialize(id, s_rawJson));
        if (title is not null)
        {
            Append(", \"title\": ");
            AppendJsonString(titleBytes);
        }

        Append(", \"text\": ");
        AppendJsonString(textBytes);
        Append(", \"metadata\": {}}");
    }

    private void AppendJsonString(byte[] raw)
    {
        _bytes.Add((byte)'"');
        foreach (var b in raw)
        {
            switch (b)
            {
                case (byte)'"':
                    Append("\\\"");
                    break;
                case (byte)'\\':
                    Append("\\\\");
                    break;
                case (byte)'\t':
                    Append("\\t");
                    break;
                default:
                    _bytes.Add(b);
                    break;
            }
        }

        _bytes.Add((byte)'"');
    }

    private void Count(string name) => Cases[name] = Cases.GetValueOrDefault(name) + 1;

    private void Append(string text) => _bytes.AddRange(Encoding.UTF8.GetBytes(text));

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
