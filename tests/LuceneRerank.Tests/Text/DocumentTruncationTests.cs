using LuceneRerank.Reranking.Llm;
using LuceneRerank.Text;

namespace LuceneRerank.Tests.Text;

/// <summary>The one truncation loop: documents shrink until the input fits; fixed parts never; an error when nothing fits.</summary>
public sealed class DocumentTruncationTests
{
    /// <summary>An input of <paramref name="fixedTokens"/> fixed tokens and a document of <paramref name="keep"/>.</summary>
    private static int[] Input(int fixedTokens, int keep) => [.. Enumerable.Repeat(1, fixedTokens), .. Enumerable.Repeat(2, keep)];

    [Test]
    public void AnInputThatFitsIsLeftAlone()
    {
        var (ids, truncated) = DocumentTruncation.Fit(10, () => Input(3, 7), _ => throw new AssertionException("no shrink needed"), _ => new PromptTooLongException("x"));
        Assert.That(ids, Has.Length.EqualTo(10));
        Assert.That(truncated, Is.False);
    }

    [Test]
    public void TheDocumentShrinksUntilTheInputFitsAndTheFixedPartStays()
    {
        var keep = 50;
        var shrinks = 0;
        var (ids, truncated) = DocumentTruncation.Fit(
            20,
            () => Input(5, keep),
            overshoot =>
            {
                shrinks++;
                keep = DocumentTruncation.ShrinkKeep(keep, overshoot, 1);
                return true;
            },
            _ => new PromptTooLongException("x"));
        Assert.That(truncated, Is.True);
        Assert.That(ids, Has.Length.EqualTo(20));
        Assert.That(ids.Count(id => id == 1), Is.EqualTo(5), "the fixed part is whole");
        Assert.That(shrinks, Is.EqualTo(1), "one step by the overshoot when tokens are one per unit");
    }

    [Test]
    public void FixedPartsTooLongAreAnErrorAfterTheDocumentIsGone()
    {
        var keep = 4;
        var e = Assert.Throws<PromptTooLongException>(() => DocumentTruncation.Fit(
            10,
            () => Input(12, keep),
            overshoot =>
            {
                if (keep == 0)
                {
                    return false;
                }

                keep = DocumentTruncation.ShrinkKeep(keep, overshoot, 1);
                return true;
            },
            length => new PromptTooLongException($"needs {length}")));
        Assert.That(e!.Message, Is.EqualTo("needs 12"));
    }

    [TestCase(100, 10, 1, 90)]
    [TestCase(100, 10, 3, 96)]
    [TestCase(100, 1, 4, 99)]
    [TestCase(3, 50, 2, 0)]
    public void ShrinkKeepSharesTheOvershootRoundedUpAtLeastOneNeverBelowZero(int keep, int overshoot, int documents, int expected)
    {
        Assert.That(DocumentTruncation.ShrinkKeep(keep, overshoot, documents), Is.EqualTo(expected));
    }
}
