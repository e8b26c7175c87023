namespace LuceneRerank.Reranking.Generation;

/// <summary>
/// The text of one continuation as its tokens arrive: decoded from all its tokens at every step (so characters split
/// across tokens come out whole), searched for stop strings across token boundaries, and streamed in pieces whose
/// concatenation is the final <see cref="GeneratedText.Text"/>.
/// </summary>
/// <remarks>
/// Two tails are held back from the stream until a later token decides them: U+FFFD at the end of the decoded text
/// (an incomplete UTF-8 sequence that a later token completes) and the longest end of the text that begins a stop
/// string (it is cut if the stop string completes). The final text is whatever the tokens decode to.
/// </remarks>
internal sealed class ContinuationText
{
    private readonly Func<IReadOnlyList<int>, string> _decode;
    private readonly IReadOnlyList<string> _stopStrings;
    private readonly List<int> _textTokens = [];
    private string _streamed = "";

    /// <summary>Creates the text of an empty continuation.</summary>
    public ContinuationText(Func<IReadOnlyList<int>, string> decode, IReadOnlyList<string> stopStrings)
    {
        _decode = decode;
        _stopStrings = stopStrings;
    }

    /// <summary>The text so far (ending before a matched stop string once one matched).</summary>
    public string Text { get; private set; } = "";

    /// <summary>Whether a stop string matched.</summary>
    public bool StopStringMatched { get; private set; }

    /// <summary>
    /// Adds a generated token and returns the text it adds to the stream. A token that ends the continuation (a stop
    /// or end-of-sequence token, <paramref name="endsText"/>) adds no text but releases any held-back tail.
    /// </summary>
    public string Add(int tokenId, bool endsText)
    {
        if (!endsText)
        {
            _textTokens.Add(tokenId);
            Text = _decode(_textTokens);
            var match = FirstStopString(Text);
            if (match >= 0)
            {
                Text = Text[..match];
                StopStringMatched = true;
                endsText = true;
            }
        }

        if (endsText)
        {
            return Stream(Text);
        }

        var stable = Text.TrimEnd('\uFFFD');
        return Stream(stable[..^StopStringPrefixAtEnd(stable)]);
    }

    /// <summary>Releases the held-back tail when the continuation ends for another reason (limits, time budget).</summary>
    public string Finish() => Stream(Text);

    private string Stream(string stable)
    {
        if (!stable.StartsWith(_streamed, StringComparison.Ordinal))
        {
            // A later token changed already streamed text (never for byte-level BPE past a held-back tail): stream
            // only what extends the common prefix.
            var common = 0;
            while (common < stable.Length && common < _streamed.Length && stable[common] == _streamed[common])
            {
                common++;
            }

            _streamed = _streamed[..common];
        }

        if (stable.Length <= _streamed.Length)
        {
            return "";
        }

        var piece = stable[_streamed.Length..];
        _streamed = stable;
        return piece;
    }

    private int StopStringPrefixAtEnd(string text)
    {
        var longest = 0;
        foreach (var stop in _stopStrings)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > longest; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }

    private int FirstStopString(string text)
    {
        var first = -1;
        foreach (var stop in _stopStrings)
        {
            var index = text.IndexOf(stop, StringComparison.Ordinal);
            if (index >= 0 && (first < 0 || index < first))
            {
                first = index;
            }
        }

        return first;
    }
}
