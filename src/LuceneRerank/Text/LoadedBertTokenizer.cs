using Microsoft.ML.Tokenizers;

namespace LuceneRerank.Text;

/// <summary>A WordPiece tokenizer loaded from a model directory, with the settings read from its files.</summary>
internal sealed record LoadedBertTokenizer
{
    /// <summary>The tokenizer (Microsoft.ML.Tokenizers); thread-safe for encoding.</summary>
    public required BertTokenizer Tokenizer { get; init; }

    /// <summary>Number of tokens in the vocabulary (the largest id plus one).</summary>
    public required int VocabularySize { get; init; }

    /// <summary><c>model_max_length</c> from <c>tokenizer_config.json</c>, or <c>truncation.max_length</c> from
    /// <c>tokenizer.json</c>; null when neither states a usable value.</summary>
    public int? ModelMaxLength { get; init; }

    /// <summary>Whether text is lower-cased before WordPiece.</summary>
    public required bool LowerCase { get; init; }

    /// <summary>Whether accents (non-spacing marks) are removed, as Hugging Face does when lower-casing.</summary>
    public required bool StripAccents { get; init; }

    /// <summary>The vocabulary file read (<c>vocab.txt</c> or <c>tokenizer.json</c>).</summary>
    public required string SourcePath { get; init; }
}
