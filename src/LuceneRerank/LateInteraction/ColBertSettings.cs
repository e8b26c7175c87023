namespace LuceneRerank.LateInteraction;

/// <summary>How a ColBERT model turns text into token ids and which token vectors it keeps, as its config files say.</summary>
internal sealed record ColBertSettings
{
    /// <summary>The layout whose file the settings came from.</summary>
    public required ColBertLayout Layout { get; init; }

    /// <summary>The file the settings were read from.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The query marker token (for example <c>[unused0]</c> or <c>[Q] </c>), placed after <c>[CLS]</c>.</summary>
    public required string QueryMarker { get; init; }

    /// <summary>The document marker token (for example <c>[unused1]</c> or <c>[D] </c>), placed after <c>[CLS]</c>.</summary>
    public required string DocumentMarker { get; init; }

    /// <summary>Query tokens, markers included.</summary>
    public required int QueryLength { get; init; }

    /// <summary>Document tokens at most, markers included.</summary>
    public required int DocumentLength { get; init; }

    /// <summary>Whether queries are padded to <see cref="QueryLength"/> with <c>[MASK]</c> (query augmentation).</summary>
    public required bool QueryExpansion { get; init; }

    /// <summary>Whether the attention mask covers the <c>[MASK]</c> expansion tokens.</summary>
    public required bool AttendToExpansionTokens { get; init; }

    /// <summary>Whether punctuation is skipped in documents (ColBERT's <c>mask_punctuation</c>).</summary>
    public bool MaskPunctuation { get; init; }

    /// <summary>Words whose tokens are dropped from documents (PyLate's <c>skiplist_words</c>); empty for ColBERT (see <see cref="MaskPunctuation"/>).</summary>
    public IReadOnlyList<string> SkiplistWords { get; init; } = [];

    /// <summary>The projection dimension the file states (<c>dim</c>); null when it does not.</summary>
    public int? Dimension { get; init; }

    /// <summary>Settings that were not in the file and took the published default of the layout, for the description.</summary>
    public IReadOnlyList<string> Defaulted { get; init; } = [];
}
