using LuceneRerank.Testing;
using LuceneRerank.Text;

namespace LuceneRerank.Tests.Text;

/// <summary>Truncation rules of <see cref="BertPairEncoder"/>: the passage is cut, the query only when it alone is too long.</summary>
public sealed class BertPairEncoderTests
{
    private static readonly Lazy<LoadedBertTokenizer> s_tokenizer = new(() => BertTokenizerLoader.Load(
        TestPaths.SharedFile("models", "bert-base-uncased-vocab", "vocab.txt"), null,
        TestPaths.SharedFile("models", "bert-base-uncased-vocab", "tokenizer_config.json")));

    private static BertPairEncoder Encoder(int maxLength, int minPassageTokens) => new(s_tokenizer.Value.Tokenizer, maxLength, minPassageTokens);

    [Test]
    public void LongPassageIsCutToFillTheMaximumLengthAndTheQueryIsKeptWhole()
    {
        var encoder = Encoder(32, 8);
        var query = "what causes alzheimer's disease?";
        var passage = string.Join(" ", Enumerable.Repeat("amyloid plaques and tau tangles accumulate in the brain.", 20));
        var queryIds = encoder.EncodeText(query, 1000);
        var passageIds = encoder.EncodeText(passage, 1000);

        var pair = encoder.EncodePair(query, passage);

        Assert.That(pair.InputIds, Has.Length.EqualTo(32));
        Assert.That(pair.QueryTruncated, Is.False);
        int[] expected = [encoder.ClassificationTokenId, .. queryIds, encoder.SeparatorTokenId,
            .. passageIds.Take(32 - 3 - queryIds.Length), encoder.SeparatorTokenId];
        Assert.That(pair.InputIds, Is.EqualTo(expected));
        Assert.That(pair.TokenTypeIds, Is.EqualTo(Enumerable.Repeat(0, queryIds.Length + 2).Concat(Enumerable.Repeat(1, 32 - queryIds.Length - 2))));
    }

    [Test]
    public void QueryThatLeavesTooLittleRoomIsCutAndSaysSo()
    {
        var encoder = Encoder(32, 8);
        var query = string.Join(" ", Enumerable.Range(0, 40).Select(i => "protein"));
        var pair = encoder.EncodePair(query, "a short passage about proteins");

        Assert.That(encoder.MaxQueryTokens, Is.EqualTo(32 - 3 - 8));
        Assert.That(pair.QueryTruncated, Is.True);
        Assert.That(pair.TokenTypeIds.Count(t => t == 0), Is.EqualTo(encoder.MaxQueryTokens + 2), "query part = [CLS] + 21 tokens + [SEP]");
        Assert.That(pair.InputIds, Has.Length.LessThanOrEqualTo(32));
        Assert.That(pair.InputIds.Skip(encoder.MaxQueryTokens + 2).SkipLast(1), Is.EqualTo(encoder.EncodeText("a short passage about proteins", 100)));
    }

    [Test]
    public void QueryThatFitsIsNeverCutEvenWhenThePassageMustShrinkToItsMinimum()
    {
        var encoder = Encoder(32, 8);
        var query = string.Join(" ", Enumerable.Range(0, 21).Select(_ => "protein"));
        var pair = encoder.EncodePair(query, string.Join(" ", Enumerable.Repeat("cell", 50)));

        Assert.That(pair.QueryTruncated, Is.False);
        Assert.That(pair.TokenTypeIds.Count(t => t == 0), Is.EqualTo(21 + 2));
        Assert.That(pair.TokenTypeIds.Count(t => t == 1), Is.EqualTo(8 + 1));
    }

    [Test]
    public void EmptyPassageGivesClsQuerySepSep()
    {
        var encoder = Encoder(32, 8);
        var pair = encoder.EncodePair("query", "");
        Assert.That(pair.InputIds, Is.EqualTo(new[] { encoder.ClassificationTokenId, encoder.EncodeText("query", 10)[0], encoder.SeparatorTokenId, encoder.SeparatorTokenId }));
        Assert.That(pair.TokenTypeIds, Is.EqualTo(new[] { 0, 0, 0, 1 }));
    }

    [TestCase(" ")]
    [TestCase("\n")]
    [TestCase("")]
    public void PrefixTokenisationOfLongTextsEqualsTokenisingEverythingAndCutting(string separator)
    {
        var encoder = Encoder(512, 32);
        var words = new[] { "Crème", "brûlée", "x=5±0.2", "pneumonoultramicroscopicsilicovolcanoconiosis", new string('a', 150), "中文", "(p<0.05);" };
        var random = new Random(7);
        var text = string.Join(separator.Length == 0 ? " " : separator,
            Enumerable.Range(0, 5000).Select(_ => words[random.Next(words.Length)]));
        if (separator.Length == 0)
        {
            // one very long run of words without spaces at the start: the prefix must grow past it
            text = string.Concat(Enumerable.Repeat("abc,", 3000)) + " " + text;
        }

        var all = s_tokenizer.Value.Tokenizer.EncodeToIds(text, addSpecialTokens: false);
        foreach (var limit in new[] { 1, 7, 100, 509, 2000 })
        {
            Assert.That(encoder.EncodeText(text, limit), Is.EqualTo(all.Take(limit)), $"limit {limit}");
        }
    }

    [Test]
    public void OneMegabytePassageIsCutQuickly()
    {
        var encoder = Encoder(256, 32);
        var text = string.Concat(Enumerable.Repeat("The mitochondria is the powerhouse of the cell. ", 22_000));
        Assert.That(text.Length, Is.GreaterThan(1_000_000));

        var pair = encoder.EncodePair("what is the powerhouse of the cell?", text);

        Assert.That(pair.InputIds, Has.Length.EqualTo(256));
        Assert.That(pair.InputIds[^1], Is.EqualTo(encoder.SeparatorTokenId));
    }

    [Test]
    public void ConstructorRejectsLimitsThatLeaveNoRoom()
    {
        _ = s_tokenizer.Value; // loaded outside Throws: a missing ../shared ignores the test
        Assert.Throws<ArgumentOutOfRangeException>(() => Encoder(4, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Encoder(16, 13));
        Assert.That(Encoder(16, 12).MaxQueryTokens, Is.EqualTo(1));
    }
}
