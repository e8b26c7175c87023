namespace LuceneRerank.Text;

/// <summary>
/// Finds the longest prefix of a text that fits a token budget under any tokenizer, by binary search over word
/// boundaries (or, when the first word alone is too long, over characters, never splitting a surrogate pair).
/// </summary>
internal static class TokenPrefix
{
    /// <summary>
    /// The longest prefix of <paramref name="text"/> that <paramref name="countTokens"/> counts as at most
    /// <paramref name="maxTokens"/> tokens; <paramref name="text"/> itself when it fits, empty when nothing does.
    /// </summary>
    public static string Longest(string text, int maxTokens, Func<string, int> countTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(countTokens);
        if (maxTokens <= 0)
        {
            return "";
        }

        if (countTokens(text) <= maxTokens)
        {
            return text;
        }

        var words = new List<int>();
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1]))
            {
                words.Add(i);
            }
        }

        var best = LongestFitting(text, words, maxTokens, countTokens);
        if (best > 0)
        {
            return text[..best];
        }

        var chars = new List<int>();
        for (var i = 1; i < text.Length; i++)
        {
            if (!char.IsLowSurrogate(text[i]))
            {
                chars.Add(i);
            }
        }

        return text[..LongestFitting(text, chars, maxTokens, countTokens)];
    }

    private static int LongestFitting(string text, List<int> cuts, int maxTokens, Func<string, int> countTokens)
    {
        int lo = 0, hi = cuts.Count - 1, best = 0;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (countTokens(text[..cuts[mid]]) <= maxTokens)
            {
                best = cuts[mid];
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return best;
    }
}
