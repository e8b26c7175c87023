using LuceneRerank.Text;
using Microsoft.ML.Tokenizers;

namespace LuceneRerank.LateInteraction;

/// <summary>
/// Token ids of ColBERT queries and documents, as Stanford ColBERT and PyLate build them: <c>[CLS] marker tokens
/// [SEP]</c>, the text cut to the length less those three; queries padded with <c>[MASK]</c> to the query length
/// when query augmentation is on (attended to only when the model says so); documents keep only the vectors of tokens
/// outside the skip-list. Thread-safe.
/// </summary>
internal sealed class ColBertTokenizer
{
    private readonly BertTokenizer _tokenizer;
    private readonly HashSet<int> _skipIds;

    /// <summary>Resolves the markers and the skip-list; <see cref="InvalidDataException"/> names a marker the vocabulary lacks.</summary>
    public ColBertTokenizer(LoadedBertTokenizer tokenizer, IReadOnlyDictionary<string, int> vocabulary, ColBertSettings settings,
        int queryLength, int documentLength)
    {
        _tokenizer = tokenizer.Tokenizer;
        Settings = settings;
        QueryLength = queryLength;
        DocumentLength = documentLength;
        QueryMarkerId = Resolve(vocabulary, settings.QueryMarker, "query", settings, tokenizer.SourcePath);
        DocumentMarkerId = Resolve(vocabulary, settings.DocumentMarker, "document", settings, tokenizer.SourcePath);
        _skipIds = [];
        if (settings.MaskPunctuation)
        {
            foreach (var symbol in ColBertSettingsReader.Punctuation)
            {
                // As ColBERT does: the first token of each punctuation symbol.
                var ids = _tokenizer.EncodeToIds(symbol.ToString(), addSpecialTokens: false);
                if (ids.Count > 0)
                {
                    _skipIds.Add(ids[0]);
                }
            }
        }

        foreach (var word in settings.SkiplistWords)
        {
            // As PyLate does (convert_tokens_to_ids); a word outside the vocabulary names no token and is ignored.
            if (vocabulary.TryGetValue(word, out var id))
            {
                _skipIds.Add(id);
            }
        }
    }

    /// <summary>The settings in use.</summary>
    public ColBertSettings Settings { get; }

    /// <summary>Query tokens, markers included.</summary>
    public int QueryLength { get; }

    /// <summary>Document tokens at most, markers included.</summary>
    public int DocumentLength { get; }

    /// <summary>The query marker's id.</summary>
    public int QueryMarkerId { get; }

    /// <summary>The document marker's id.</summary>
    public int DocumentMarkerId { get; }

    /// <summary>The [MASK] id (query augmentation).</summary>
    public int MaskId => _tokenizer.MaskingTokenId;

    /// <summary>The [PAD] id.</summary>
    public int PaddingId => _tokenizer.PaddingTokenId;

    /// <summary>Ids whose document vectors are dropped.</summary>
    public IReadOnlySet<int> SkipIds => _skipIds;

    /// <summary>The largest id this tokenizer can produce (markers included).</summary>
    public int LargestMarkerId => Math.Max(QueryMarkerId, DocumentMarkerId);

    /// <summary>
    /// The query's ids and attention mask: <see cref="QueryLength"/> long with augmentation, else only the real tokens.
    /// <paramref name="realLength"/> is the count before the [MASK] padding.
    /// </summary>
    public (long[] Ids, long[] Mask) EncodeQuery(string query, out int realLength)
    {
        var text = Tokenize(query, QueryLength);
        realLength = text.Count + 3;
        var length = Settings.QueryExpansion ? QueryLength : realLength;
        var ids = new long[length];
        var mask = new long[length];
        Write(text, QueryMarkerId, ids, mask);
        for (var i = realLength; i < length; i++)
        {
            ids[i] = MaskId;
            mask[i] = Settings.AttendToExpansionTokens ? 1 : 0;
        }

        return (ids, mask);
    }

    /// <summary>The document's ids (all attended), at most <see cref="DocumentLength"/> long.</summary>
    public long[] EncodeDocument(string document)
    {
        var text = Tokenize(document, DocumentLength);
        var ids = new long[text.Count + 3];
        Write(text, DocumentMarkerId, ids, mask: null);
        return ids;
    }

    /// <summary>Whether a document token's vector is kept (not in the skip-list).</summary>
    public bool KeepsDocumentToken(long id) => !_skipIds.Contains((int)id);

    private IReadOnlyList<int> Tokenize(string text, int length)
    {
        var ids = _tokenizer.EncodeToIds(text, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);
        var room = length - 3;
        return ids.Count <= room ? ids : ids.Take(room).ToArray();
    }

    private void Write(IReadOnlyList<int> text, int marker, long[] ids, long[]? mask)
    {
        ids[0] = _tokenizer.ClassificationTokenId;
        ids[1] = marker;
        for (var i = 0; i < text.Count; i++)
        {
            ids[i + 2] = text[i];
        }

        ids[text.Count + 2] = _tokenizer.SeparatorTokenId;
        if (mask is not null)
        {
            mask.AsSpan(0, text.Count + 3).Fill(1);
        }
    }

    private static int Resolve(IReadOnlyDictionary<string, int> vocabulary, string marker, string what, ColBertSettings settings, string tokenizerPath)
    {
        if (vocabulary.TryGetValue(marker, out var id) || vocabulary.TryGetValue(marker.Trim(), out id))
        {
            return id;
        }

        throw new InvalidDataException(
            $"{settings.SourcePath}: the {what} marker '{marker}' is not a token of the vocabulary ({tokenizerPath}, nor an added token " +
            "of tokenizer.json); the tokenizer files do not belong to this ColBERT model.");
    }
}
