using System.Globalization;
using System.Text.RegularExpressions;

namespace LuceneRerank.Reranking.Reasoning;

/// <summary>
/// A listwise answer such as <c>[2] &gt; [1] &gt; [3]</c> read into a full order of a window, repaired the way
/// RankGPT-style rankers repair it: every integer of the answer is read as a 1-based identifier (whatever separates
/// them), identifiers outside 1..n are ignored, repeated ones are dropped after their first place, and the missing ones
/// are appended in their original (window) order.
/// </summary>
/// <param name="Order">0-based window positions, best first; a permutation of 0..n−1.</param>
/// <param name="Missing">Identifiers appended because the answer lacked them.</param>
/// <param name="Repeated">Identifiers dropped because they had already been placed.</param>
/// <param name="OutOfRange">Integers ignored because they are not identifiers of the window.</param>
internal sealed partial record PermutationAnswer(int[] Order, int Missing, int Repeated, int OutOfRange)
{
    /// <summary>Whether the answer needed no repair.</summary>
    public bool Clean => Missing == 0 && Repeated == 0 && OutOfRange == 0;

    /// <summary>Reads <paramref name="answer"/> (null: no answer, every identifier missing) for a window of <paramref name="count"/>.</summary>
    public static PermutationAnswer Parse(string? answer, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var placed = new bool[count];
        var order = new List<int>(count);
        int repeated = 0, outOfRange = 0;
        foreach (Match match in Integer().Matches(answer ?? ""))
        {
            if (!int.TryParse(match.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1 || id > count)
            {
                outOfRange++;
            }
            else if (placed[id - 1])
            {
                repeated++;
            }
            else
            {
                placed[id - 1] = true;
                order.Add(id - 1);
            }
        }

        var missing = count - order.Count;
        for (var i = 0; i < count; i++)
        {
            if (!placed[i])
            {
                order.Add(i);
            }
        }

        return new PermutationAnswer([.. order], missing, repeated, outOfRange);
    }

    /// <summary>The repairs, in words (<c>clean</c> when none).</summary>
    public string Describe() => Clean
        ? "clean permutation"
        : $"repaired permutation: {Missing} missing id(s) appended in window order, {Repeated} repeated id(s) dropped, {OutOfRange} out-of-range id(s) ignored";

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant)]
    private static partial Regex Integer();
}
