using LuceneRerank.Reranking.Generation;

namespace LuceneRerank.Tests.Reranking.Generation;

/// <summary>
/// Streaming and stop strings on a toy decoder (token t decodes to the characters of <see cref="s_pieces"/>[t]; piece
/// 9 is half a character, shown as U+FFFD until piece 10 completes it): the pieces always spell the final text.
/// </summary>
public sealed class ContinuationTextTests
{
    private static readonly string[] s_pieces = ["Hel", "lo", " </", "ans", "wer", ">", "!", "<", "/x", "\uFFFD", "é"];

    private static string Decode(IReadOnlyList<int> ids)
    {
        var text = string.Concat(ids.Select(i => s_pieces[i]));
        return text.Replace("\uFFFDé", "é", StringComparison.Ordinal); // 9 then 10 decode to one character
    }

    [Test]
    public void StopStringSplitOverThreeTokensIsCutAndNeverStreamed()
    {
        var text = new ContinuationText(Decode, ["</answer>"]);
        var streamed = new List<string> { text.Add(0, false), text.Add(1, false), text.Add(2, false), text.Add(3, false) };
        Assert.That(text.StopStringMatched, Is.False);
        Assert.That(string.Concat(streamed), Is.EqualTo("Hello "), "\" </ans\" may begin the stop string: held back");
        streamed.Add(text.Add(4, false));
        streamed.Add(text.Add(5, false));

        Assert.That(text.StopStringMatched, Is.True);
        Assert.That(text.Text, Is.EqualTo("Hello "));
        Assert.That(string.Concat(streamed), Is.EqualTo(text.Text));
    }

    [Test]
    public void AHeldBackPrefixIsReleasedWhenTheStopStringDoesNotComplete()
    {
        var text = new ContinuationText(Decode, ["</answer>"]);
        var streamed = string.Concat(text.Add(0, false), text.Add(7, false));
        Assert.That(streamed, Is.EqualTo("Hel"), "\"<\" may begin the stop string");
        streamed += text.Add(8, false);
        Assert.That(streamed, Is.EqualTo("Hel</x"));
        Assert.That(text.StopStringMatched, Is.False);
    }

    [Test]
    public void AnIncompleteCharacterIsHeldBackUntilCompleted()
    {
        var text = new ContinuationText(Decode, []);
        var streamed = new List<string> { text.Add(0, false), text.Add(9, false) };
        Assert.That(streamed[1], Is.Empty);
        streamed.Add(text.Add(10, false));
        Assert.That(streamed[2], Is.EqualTo("é"));
        Assert.That(string.Concat(streamed), Is.EqualTo("Helé"));
    }

    [Test]
    public void EndingTokensAddNoTextAndReleaseTheTail()
    {
        var text = new ContinuationText(Decode, ["</answer>"]);
        var streamed = string.Concat(text.Add(0, false), text.Add(2, false));
        Assert.That(streamed, Is.EqualTo("Hel "));
        streamed += text.Add(6, endsText: true);
        Assert.That(text.Text, Is.EqualTo("Hel </"));
        Assert.That(streamed, Is.EqualTo(text.Text), "the end token (piece \"!\") is not text; the held \"</\" is released");
    }

    [Test]
    public void TheEarliestOfSeveralStopStringsWins()
    {
        var text = new ContinuationText(Decode, ["wer", "lo"]);
        text.Add(0, false);
        text.Add(1, false);
        Assert.That(text.StopStringMatched, Is.True);
        Assert.That(text.Text, Is.EqualTo("Hel"));
    }
}
