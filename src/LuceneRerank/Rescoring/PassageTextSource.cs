using System.Text;
using Lucene.Net.Search;

namespace LuceneRerank.Rescoring;

/// <summary>
/// Where a hit's passage text comes from: stored fields of the Lucene document, joined in the order given
/// (every value of a multi-valued field, in stored order), cut to <see cref="MaxCharacters"/>.
/// </summary>
public sealed class PassageTextSource
{
    private readonly string[] _fields;
    private readonly HashSet<string> _fieldSet;

    /// <summary>Reads the given stored fields.</summary>
    /// <param name="fields">Stored field names, for example <c>title</c> and <c>text</c>; at least one.</param>
    /// <exception cref="ArgumentException">No field, or an empty field name.</exception>
    public PassageTextSource(params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Length == 0)
        {
            throw new ArgumentException("Name at least one stored field to read passages from.", nameof(fields));
        }

        if (fields.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("Stored field names must not be empty.", nameof(fields));
        }

        _fields = (string[])fields.Clone();
        _fieldSet = new HashSet<string>(_fields, StringComparer.Ordinal);
    }

    /// <summary>The default maximum passage length in characters: 8192, well above what a 512-token model reads.</summary>
    public const int DefaultMaxCharacters = 8192;

    /// <summary>The stored fields read, in joining order.</summary>
    public IReadOnlyList<string> Fields => _fields;

    /// <summary>Put between the values joined. Default <c>"\n"</c>.</summary>
    public string Separator { get; init; } = "\n";

    /// <summary>
    /// Passages longer than this are cut to it (never inside a surrogate pair), so a huge stored document costs no
    /// more than this to tokenise. The model truncates further to its own maximum length. Default
    /// <see cref="DefaultMaxCharacters"/>.
    /// </summary>
    public int MaxCharacters
    {
        get => _maxCharacters;
        init => _maxCharacters = value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxCharacters), value, "MaxCharacters must be at least 1.");
    }

    private readonly int _maxCharacters = DefaultMaxCharacters;

    /// <summary>A document with none of the fields gets an empty passage (default) or an exception.</summary>
    public MissingFieldsPolicy MissingFields { get; init; } = MissingFieldsPolicy.EmptyPassage;

    /// <summary>Reads the passage of one document.</summary>
    /// <exception cref="MissingStoredFieldsException">
    /// The document has none of the fields and <see cref="MissingFields"/> is <see cref="MissingFieldsPolicy.Throw"/>.
    /// </exception>
    public string Read(IndexSearcher searcher, int docId)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        var document = searcher.Doc(docId, _fieldSet);
        var text = new StringBuilder();
        var found = false;
        foreach (var field in _fields)
        {
            foreach (var value in document.GetValues(field))
            {
                if (value is null)
                {
                    continue; // a binary stored field has no text
                }

                if (found)
                {
                    text.Append(Separator);
                }

                text.Append(value);
                found = true;
                if (text.Length >= _maxCharacters)
                {
                    return Cut(text);
                }
            }
        }

        if (!found && MissingFields == MissingFieldsPolicy.Throw)
        {
            throw new MissingStoredFieldsException(docId, _fields);
        }

        return Cut(text);
    }

    private string Cut(StringBuilder text)
    {
        if (text.Length <= _maxCharacters)
        {
            return text.ToString();
        }

        var length = _maxCharacters;
        if (char.IsHighSurrogate(text[length - 1]) && char.IsLowSurrogate(text[length]))
        {
            length--;
        }

        return text.ToString(0, length);
    }
}
