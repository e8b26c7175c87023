using Microsoft.ML.Tokenizers;
using static LuceneRerank.Text.HuggingFaceUnicodeTables;

namespace LuceneRerank.Text;

/// <summary>
/// Hugging Face's <c>BertPreTokenizer</c>, over Unicode code points: words are runs of characters that are neither
/// white space nor punctuation, and each punctuation character is a word of its own. Punctuation is all ASCII
/// punctuation and symbols (<c>$ + &lt; = &gt; ^ ` | ~</c> included) plus the Rust library's P* characters, those outside
/// the 16-bit range too (<see cref="HuggingFaceUnicodeTables.BertPunctuation"/>). Special tokens are kept whole.
/// </summary>
/// <remarks>
/// Microsoft.ML.Tokenizers' default BERT pre-tokenizer keeps only word characters and P* punctuation, so it silently
/// drops symbols such as <c>=</c>, <c>+</c>, <c>&lt;</c>, <c>±</c> and <c>≥</c>, which are frequent in scientific text;
/// a UTF-16 regex would not see a punctuation mark written as a surrogate pair.
/// </remarks>
internal sealed class HuggingFaceBertPreTokenizer : PreTokenizer
{
    private readonly SpecialTokenSegments _specialTokens;

    private HuggingFaceBertPreTokenizer(IEnumerable<string>? specialTokens) => _specialTokens = new SpecialTokenSegments(specialTokens);

    /// <summary>Creates the pre-tokenizer; <paramref name="specialTokens"/> are kept whole.</summary>
    public static PreTokenizer Create(IReadOnlyDictionary<string, int>? specialTokens) => new HuggingFaceBertPreTokenizer(specialTokens?.Keys);

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => string.IsNullOrEmpty(text) ? [] : Split(text);

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => text.IsEmpty ? [] : Split(text.ToString());

    /// <summary>The words of <paramref name="text"/> as (UTF-16 offset, length) pairs.</summary>
    internal List<(int Offset, int Length)> Split(string text)
    {
        var words = new List<(int Offset, int Length)>();
        foreach (var (offset, length, special) in _specialTokens.Split(text))
        {
            if (special)
            {
                words.Add((offset, length));
                continue;
            }

            var wordStart = -1;
            for (int i = offset, end = offset + length; i < end;)
            {
                var size = char.IsHighSurrogate(text[i]) && i + 1 < end && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                var cp = size == 2 ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i];
                var space = Contains(RegexWhiteSpace, cp);
                if (space || Contains(BertPunctuation, cp))
                {
                    if (wordStart >= 0)
                    {
                        words.Add((wordStart, i - wordStart));
                        wordStart = -1;
                    }

                    if (!space)
                    {
                        words.Add((i, size));
                    }
                }
                else if (wordStart < 0)
                {
                    wordStart = i;
                }

                i += size;
            }

            if (wordStart >= 0)
            {
                words.Add((wordStart, offset + length - wordStart));
            }
        }

        return words;
    }
}
