using System.Buffers;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace LuceneRerank.Text;

/// <summary>
/// Hugging Face's <c>BertNormalizer</c> as its Rust library runs it, on Unicode code points: removes NUL, U+FFFD and
/// control, format and private-use characters (keeping tab and line breaks; unassigned code points are kept and
/// become <c>[UNK]</c>), turns every white-space character into a space, puts spaces around CJK ideographs (the
/// library's ranges, extension B and later included), optionally strips accents (NFD, then drops non-spacing marks;
/// Hangul syllables decompose into jamo as in Hugging Face), and optionally lower-cases (each character's full
/// lower-case mapping, so <c>İ</c> becomes <c>i</c> + U+0307). The character classes are the library's own
/// (<see cref="HuggingFaceUnicodeTables"/>). A lone surrogate is read as U+FFFD (what it becomes in UTF-8) and removed. Special tokens
/// written in the text (for example <c>[SEP]</c>) are kept as they are, with spaces around, as Hugging Face splits
/// them off before normalising.
/// </summary>
/// <remarks>
/// Microsoft.ML.Tokenizers' own <see cref="BertNormalizer"/> removes tab and line breaks instead of treating them as
/// spaces (joining the words on either side) and does not decompose Hangul, which changes token ids.
/// </remarks>
internal sealed class HuggingFaceBertNormalizer : Normalizer
{
    private readonly bool _lowerCase;
    private readonly bool _stripAccents;
    private readonly bool _splitCjk;
    private readonly string[] _specialTokens;
    private readonly SearchValues<char> _specialTokenStarts;

    public HuggingFaceBertNormalizer(bool lowerCase, bool stripAccents, bool splitCjk, IEnumerable<string> specialTokens)
    {
        _specialTokens = specialTokens.Where(t => t.Length > 0).Distinct().OrderByDescending(t => t.Length).ToArray();
        _specialTokenStarts = SearchValues.Create(_specialTokens.Select(t => t[0]).Distinct().ToArray());
        _lowerCase = lowerCase;
        _stripAccents = stripAccents;
        _splitCjk = splitCjk;
    }

    public override string Normalize(string original) => Normalize(original.AsSpan());

    public override string Normalize(ReadOnlySpan<char> original)
    {
        var builder = new StringBuilder(original.Length + 16);
        var rest = original;
        while (FindSpecialToken(rest, out var index, out var token))
        {
            builder.Append(NormalizeSegment(rest[..index])).Append(' ').Append(token).Append(' ');
            rest = rest[(index + token.Length)..];
        }

        return builder.Length == 0 ? NormalizeSegment(rest) : builder.Append(NormalizeSegment(rest)).ToString();
    }

    private bool FindSpecialToken(ReadOnlySpan<char> text, out int index, out string token)
    {
        index = -1;
        token = "";
        if (text.IndexOfAny(_specialTokenStarts) < 0)
        {
            // No special token can start anywhere (BERT's all start with '['): skip the search for the common case.
            return false;
        }

        foreach (var candidate in _specialTokens)
        {
            var at = text.IndexOf(candidate, StringComparison.Ordinal);
            if (at >= 0 && (index < 0 || at < index))
            {
                index = at;
                token = candidate;
            }
        }

        return index >= 0;
    }

    private string NormalizeSegment(ReadOnlySpan<char> original)
    {
        var builder = new StringBuilder(original.Length + 16);
        Span<char> utf16 = stackalloc char[2];
        var ascii = true;
        var i = 0;
        while (i < original.Length)
        {
            var c = original[i];
            if (c < 0x80)
            {
                // ASCII: tab and line breaks become spaces, other control characters go, the rest stays.
                if (c is ' ' or '\t' or '\n' or '\r')
                {
                    builder.Append(' ');
                }
                else if (c >= 0x20 && c != 0x7F)
                {
                    builder.Append(c);
                }

                i++;
                continue;
            }

            ascii = false;
            // A lone surrogate decodes as U+FFFD, which is removed like the library removes it.
            Rune.DecodeFromUtf16(original[i..], out var rune, out var consumed);
            i += consumed;
            var value = rune.Value;
            if (HuggingFaceUnicodeTables.Contains(HuggingFaceUnicodeTables.BertRemoved, value))
            {
                continue;
            }

            if (HuggingFaceUnicodeTables.Contains(HuggingFaceUnicodeTables.BertWhiteSpace, value))
            {
                builder.Append(' ');
            }
            else if (_splitCjk && IsCjk(value))
            {
                builder.Append(' ').Append(utf16[..rune.EncodeToUtf16(utf16)]).Append(' ');
            }
            else
            {
                builder.Append(utf16[..rune.EncodeToUtf16(utf16)]);
            }
        }

        var text = builder.ToString();
        if (_stripAccents && !ascii)
        {
            text = StripAccents(text);
        }

        return !_lowerCase ? text : ascii ? text.ToLowerInvariant() : LowerCase(text);
    }

    private static string StripAccents(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        Span<char> utf16 = stackalloc char[2];
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (!HuggingFaceUnicodeTables.Contains(HuggingFaceUnicodeTables.NonSpacingMark, rune.Value))
            {
                builder.Append(utf16[..rune.EncodeToUtf16(utf16)]);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Each character's full lower-case mapping, as Rust's <c>char::to_lowercase</c> (no context: a final capital sigma
    /// becomes σ): the simple mapping, except U+0130, the one character whose lower case is two (<c>i</c> + U+0307).
    /// </summary>
    private static string LowerCase(string text)
    {
        var builder = new StringBuilder(text.Length);
        Span<char> utf16 = stackalloc char[2];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == 0x130)
            {
                builder.Append("i\u0307");
            }
            else
            {
                builder.Append(utf16[..Rune.ToLowerInvariant(rune).EncodeToUtf16(utf16)]);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The CJK ideograph ranges the Rust library's <c>BertNormalizer</c> pads with spaces (its <c>is_chinese_char</c>;
    /// note 0x2B920, not 0x2B820, starts its sixth range).
    /// </summary>
    private static bool IsCjk(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F
            or >= 0x2B740 and <= 0x2B81F or >= 0x2B920 and <= 0x2CEAF or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;
}
