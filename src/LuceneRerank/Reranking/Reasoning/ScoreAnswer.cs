using System.Globalization;
using System.Text.RegularExpressions;

namespace LuceneRerank.Reranking.Reasoning;

/// <summary>
/// A pointwise answer read as a score on an integer scale: the first number of the answer (an optional sign, digits,
/// an optional fraction); it counts when it is an integer within the scale.
/// </summary>
internal static partial class ScoreAnswer
{
    /// <summary>What an answer gave.</summary>
    public enum Kind
    {
        /// <summary>An integer on the scale.</summary>
        OnScale,

        /// <summary>No number in the answer, or no answer.</summary>
        Missing,

        /// <summary>A number that is not an integer of the scale.</summary>
        OutOfScale,
    }

    /// <summary>
    /// Reads <paramref name="answer"/>; <paramref name="value"/> is the integer (when <see cref="Kind.OnScale"/>) and
    /// <paramref name="offset"/> where its text starts in the answer (−1 when missing).
    /// </summary>
    public static Kind Read(string? answer, int min, int max, out int value, out int offset)
    {
        value = 0;
        offset = -1;
        var match = answer is null ? Match.Empty : Number().Match(answer);
        if (!match.Success)
        {
            return Kind.Missing;
        }

        offset = match.Index;
        if (!decimal.TryParse(match.ValueSpan, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) ||
            number != decimal.Truncate(number) || number < min || number > max)
        {
            return Kind.OutOfScale;
        }

        value = (int)number;
        return Kind.OnScale;
    }

    [GeneratedRegex(@"[-+]?\d+(?:\.\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}
