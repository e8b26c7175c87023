using System.Text;
using Microsoft.ML.Tokenizers;
using static LuceneRerank.Text.HuggingFaceUnicodeTables;

namespace LuceneRerank.Text;

/// <summary>
/// The pre-tokenizer regexes of byte-level BPE tokenizers (GPT-2's, and the Qwen2/Qwen3 and Llama 3 one), written as
/// scanners over Unicode code points, so that <c>\p{L}</c>, <c>\p{N}</c> and <c>\s</c> match characters outside the
/// 16-bit range (math letters such as <c>𝛼</c>, rare CJK, emoji) exactly as Hugging Face's Rust tokenizers library does.
/// .NET's <see cref="System.Text.RegularExpressions.Regex"/> matches UTF-16 units, where a surrogate pair is never a
/// letter. Character classes come from <see cref="HuggingFaceUnicodeTables"/> (the library's own). Special tokens are
/// split off first and kept whole. A lone surrogate counts as U+FFFD, what it becomes in UTF-8.
/// </summary>
internal sealed class ByteLevelPreTokenizer : PreTokenizer
{
    /// <summary>GPT-2's pattern (a <c>ByteLevel</c> pre-tokenizer with <c>use_regex: true</c>).</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>The Qwen2/Qwen3 pattern: one digit a piece.</summary>
    public const string Qwen2Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>The Llama 3 pattern: the Qwen2 one with up to three digits a piece.</summary>
    public const string Llama3Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private readonly bool _gpt2;
    private readonly int _maxDigits;
    private readonly SpecialTokenSegments _specialTokens;

    private ByteLevelPreTokenizer(bool gpt2, int maxDigits, IEnumerable<string> specialTokens)
    {
        _gpt2 = gpt2;
        _maxDigits = maxDigits;
        _specialTokens = new SpecialTokenSegments(specialTokens);
    }

    /// <summary>The patterns this class implements.</summary>
    public static IReadOnlyList<string> SupportedPatterns { get; } = [Gpt2Pattern, Qwen2Pattern, Llama3Pattern];

    /// <summary>The scanner for <paramref name="pattern"/>, or <c>null</c> when it is not one of <see cref="SupportedPatterns"/>.</summary>
    public static ByteLevelPreTokenizer? ForPattern(string pattern, IEnumerable<string> specialTokens) => pattern switch
    {
        Gpt2Pattern => new ByteLevelPreTokenizer(true, int.MaxValue, specialTokens),
        Qwen2Pattern => new ByteLevelPreTokenizer(false, 1, specialTokens),
        Llama3Pattern => new ByteLevelPreTokenizer(false, 3, specialTokens),
        _ => null,
    };

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) =>
        string.IsNullOrEmpty(text) ? [] : Split(text);

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) =>
        text.IsEmpty ? [] : Split(text.ToString());

    /// <summary>The pieces of <paramref name="text"/> as (UTF-16 offset, length) pairs, special tokens whole.</summary>
    internal List<(int Offset, int Length)> Split(string text)
    {
        var pieces = new List<(int Offset, int Length)>();
        foreach (var (offset, length, special) in _specialTokens.Split(text))
        {
            if (special)
            {
                pieces.Add((offset, length));
                continue;
            }

            for (int i = offset, end = offset + length; i < end;)
            {
                var matched = MatchAt(text, i, end);
                pieces.Add((i, matched));
                i += matched;
            }
        }

        return pieces;
    }

    /// <summary>The length of the pattern's leftmost-first match at <paramref name="i"/> (never 0).</summary>
    private int MatchAt(string text, int i, int end)
    {
        var first = At(text, i, end, out var firstLength);
        if (first == '\'' && Contraction(text, i + 1, end) is var contraction and > 0)
        {
            return 1 + contraction;
        }

        var next = i + firstLength < end ? At(text, i + firstLength, end, out _) : -1;
        if (_gpt2)
        {
            if (first == ' ' && (IsLetter(next) || IsNumber(next)))
            {
                return firstLength + Run(text, i + firstLength, end, IsLetter(next) ? IsLetter : IsNumber, int.MaxValue);
            }

            if (IsLetter(first) || IsNumber(first))
            {
                return Run(text, i, end, IsLetter(first) ? IsLetter : IsNumber, int.MaxValue);
            }
        }
        else
        {
            // [^\r\n\p{L}\p{N}]?\p{L}+ then \p{N}{1,n}.
            if (!IsLineBreak(first) && !IsLetter(first) && !IsNumber(first) && IsLetter(next))
            {
                return firstLength + Run(text, i + firstLength, end, IsLetter, int.MaxValue);
            }

            if (IsLetter(first))
            {
                return Run(text, i, end, IsLetter, int.MaxValue);
            }

            if (IsNumber(first))
            {
                return Run(text, i, end, IsNumber, _maxDigits);
            }
        }

        // ' ?[^\s\p{L}\p{N}]+' (and, after Qwen2's, '[\r\n]*').
        if (IsOther(first) || (first == ' ' && IsOther(next)))
        {
            var from = IsOther(first) ? i : i + firstLength;
            var length = from - i + Run(text, from, end, IsOther, int.MaxValue);
            return _gpt2 ? length : length + Run(text, i + length, end, IsLineBreak, int.MaxValue);
        }

        // White space: '\s*[\r\n]+' (Qwen2), then '\s+(?!\S)', then '\s+'.
        var runEnd = i;
        var lastLineBreakEnd = -1;
        var lastCharStart = i;
        while (runEnd < end && IsSpace(At(text, runEnd, end, out var length)))
        {
            if (IsLineBreak(text[runEnd]))
            {
                lastLineBreakEnd = runEnd + 1;
            }

            lastCharStart = runEnd;
            runEnd += length;
        }

        if (!_gpt2 && lastLineBreakEnd > 0)
        {
            return lastLineBreakEnd - i;
        }

        return runEnd == end || lastCharStart == i ? runEnd - i : lastCharStart - i;
    }

    /// <summary>The length after the apostrophe of <c>s t re ve m ll d</c> (any case for Qwen2/Llama 3), else 0.</summary>
    private int Contraction(string text, int i, int end)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["s", "t", "re", "ve", "m", "ll", "d"])
        {
            if (i + suffix.Length > end)
            {
                continue;
            }

            var matches = true;
            for (var k = 0; k < suffix.Length && matches; k++)
            {
                var c = text[i + k];
                matches = c == suffix[k] || (!_gpt2 && FoldsTo(c, suffix[k]));
            }

            if (matches)
            {
                return suffix.Length;
            }
        }

        return 0;
    }

    /// <summary>Whether <paramref name="c"/> matches lower-case ASCII <paramref name="letter"/> case-insensitively (Oniguruma folds U+017F long s to s).</summary>
    private static bool FoldsTo(char c, char letter) => (c < 0x80 && char.ToLowerInvariant(c) == letter) || (letter == 's' && c == '\u017F');

    /// <summary>The UTF-16 length of the longest run (at most <paramref name="maxRunes"/> code points) of <paramref name="inClass"/> at <paramref name="i"/>.</summary>
    private static int Run(string text, int i, int end, Func<int, bool> inClass, int maxRunes)
    {
        var j = i;
        for (var count = 0; count < maxRunes && j < end && inClass(At(text, j, end, out var length)); count++)
        {
            j += length;
        }

        return j - i;
    }

    /// <summary>The code point at <paramref name="i"/> (U+FFFD for a lone surrogate) and its UTF-16 length.</summary>
    private static int At(string text, int i, int end, out int length)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < end && char.IsLowSurrogate(text[i + 1]))
        {
            length = 2;
            return char.ConvertToUtf32(c, text[i + 1]);
        }

        length = 1;
        return char.IsSurrogate(c) ? Rune.ReplacementChar.Value : c;
    }

    private static bool IsLetter(int cp) => cp >= 0 && Contains(RegexLetter, cp);

    private static bool IsNumber(int cp) => cp >= 0 && Contains(RegexNumber, cp);

    private static bool IsSpace(int cp) => cp >= 0 && Contains(RegexWhiteSpace, cp);

    private static bool IsLineBreak(int cp) => cp is '\r' or '\n';

    private static bool IsOther(int cp) => cp >= 0 && !IsSpace(cp) && !IsLetter(cp) && !IsNumber(cp);
}
