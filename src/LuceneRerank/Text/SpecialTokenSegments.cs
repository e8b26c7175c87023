namespace LuceneRerank.Text;

/// <summary>
/// Splits text around special tokens written in it (for example <c>&lt;|im_start|&gt;</c> or <c>[SEP]</c>), as Hugging
/// Face does before pre-tokenising: the earliest occurrence first, the longest token at one position.
/// </summary>
internal sealed class SpecialTokenSegments
{
    private readonly string[] _tokens;

    /// <summary>Creates the splitter for <paramref name="tokens"/> (empty ones are ignored).</summary>
    public SpecialTokenSegments(IEnumerable<string>? tokens) =>
        _tokens = (tokens ?? []).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(t => t.Length).ToArray();

    /// <summary>
    /// The segments of <paramref name="text"/> in order: (offset, length, whether it is a special token); the text
    /// between special tokens may be empty and is then left out.
    /// </summary>
    public List<(int Offset, int Length, bool Special)> Split(string text)
    {
        var segments = new List<(int Offset, int Length, bool Special)>();
        var start = 0;
        while (start < text.Length)
        {
            int at = text.Length, length = 0;
            foreach (var token in _tokens)
            {
                var found = text.IndexOf(token, start, StringComparison.Ordinal);
                if (found >= 0 && found < at)
                {
                    (at, length) = (found, token.Length);
                }
            }

            if (at > start)
            {
                segments.Add((start, at - start, false));
            }

            if (length == 0)
            {
                break;
            }

            segments.Add((at, length, true));
            start = at + length;
        }

        return segments;
    }
}
