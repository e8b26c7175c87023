using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace LuceneRerank.Text;

/// <summary>
/// Hugging Face's <c>BertPreTokenizer</c> as a <see cref="RegexPreTokenizer"/>: words are runs of characters that are
/// neither white space nor punctuation, and each punctuation character is a word of its own. Punctuation is every
/// Unicode P* character plus all ASCII symbols (<c>$ + &lt; = &gt; ^ ` | ~</c>), as in BERT.
/// </summary>
/// <remarks>
/// Microsoft.ML.Tokenizers' default BERT pre-tokenizer keeps only word characters and P* punctuation, so it silently
/// drops symbols such as <c>=</c>, <c>+</c>, <c>&lt;</c>, <c>±</c> and <c>≥</c>, which are frequent in scientific text.
/// </remarks>
internal static partial class HuggingFaceBertPreTokenizer
{
    /// <summary>Creates the pre-tokenizer; <paramref name="specialTokens"/> are kept whole.</summary>
    public static PreTokenizer Create(IReadOnlyDictionary<string, int>? specialTokens) => new RegexPreTokenizer(WordOrPunctuation(), specialTokens);

    [GeneratedRegex(@"[^\s\p{P}!-/:-@\[-`{-~]+|[\p{P}!-/:-@\[-`{-~]", RegexOptions.CultureInvariant)]
    private static partial Regex WordOrPunctuation();
}
