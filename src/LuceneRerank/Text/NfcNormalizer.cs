using System.Text;
using Microsoft.ML.Tokenizers;

namespace LuceneRerank.Text;

/// <summary>
/// The normaliser of a byte-level BPE <c>tokenizer.json</c>: Unicode NFC (its <c>"NFC"</c> normalizer) when asked, and
/// always a lone surrogate replaced by U+FFFD, which is what it becomes in UTF-8 (Hugging Face's tokenizers only ever
/// see UTF-8 text) and which keeps every other character's UTF-16 offset. <see cref="string.Normalize()"/> would
/// throw on a lone surrogate.
/// </summary>
internal sealed class NfcNormalizer : Normalizer
{
    private readonly bool _nfc;

    private NfcNormalizer(bool nfc) => _nfc = nfc;

    /// <summary>NFC after replacing lone surrogates.</summary>
    public static NfcNormalizer Instance { get; } = new(nfc: true);

    /// <summary>Only the replacement of lone surrogates (a file without normalizer).</summary>
    public static NfcNormalizer ScalarValuesOnly { get; } = new(nfc: false);

    /// <inheritdoc />
    public override string Normalize(string original)
    {
        var text = ReplaceLoneSurrogates(original);
        return !_nfc || text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
    }

    /// <inheritdoc />
    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());

    /// <summary><paramref name="text"/> with each unpaired surrogate replaced by U+FFFD (the same string when there is none).</summary>
    internal static string ReplaceLoneSurrogates(string text)
    {
        char[]? copy = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            copy ??= text.ToCharArray();
            copy[i] = '\uFFFD';
        }

        return copy is null ? text : new string(copy);
    }
}
