using LuceneRerank.Tests.TestSupport;
using LuceneRerank.Text;

namespace LuceneRerank.Tests.Text;

/// <summary>
/// <see cref="XlmRobertaPairEncoder"/>'s prefix tokenisation and truncation, checked against encoding the whole text
/// with <see cref="XlmRobertaTokenizer"/> and cutting.
/// </summary>
public sealed class XlmRobertaPairEncoderTests
{
    [TestCase(" ")]
    [TestCase("  \n ")]
    public void Prefix_tokenisation_of_long_texts_equals_tokenising_everything_and_cutting(string separator)
    {
        var tokenizer = XlmRobertaTokenizerTests.FromJson();
        var encoder = new XlmRobertaPairEncoder(tokenizer, 512, 32);
        var random = new Random(11);
        var lines = XlmRobertaReference.Lines.Where(l => l.Text is not null).ToList();
        // Reference texts (crafted ones, and SciFact ones when ../shared has them; non-ASCII ones among them) joined into a text far longer than any limit below, with one
        // long run without spaces at the start so that the prefix must grow past it.
        var text = string.Concat(Enumerable.Repeat("abc,", 2000)) + separator +
                   string.Join(separator, Enumerable.Range(0, 3000).Select(_ => lines[random.Next(lines.Count)].Text));
        var all = tokenizer.Encode(text);

        foreach (var limit in new[] { 1, 7, 100, 507, 3000 })
        {
            Assert.That(encoder.EncodeText(text, limit), Is.EqualTo(all.Take(limit)), $"limit {limit}");
        }
    }

    [Test]
    public void A_pair_is_s_query_s_s_passage_s_cut_to_the_maximum_length()
    {
        var tokenizer = XlmRobertaTokenizerTests.FromJson();
        var encoder = new XlmRobertaPairEncoder(tokenizer, 24, 8);
        var query = tokenizer.Encode("cancer cells");
        var passage = tokenizer.Encode(string.Join(" ", Enumerable.Repeat("tumour suppressor genes", 20)));

        var pair = encoder.EncodePair("cancer cells", string.Join(" ", Enumerable.Repeat("tumour suppressor genes", 20)));

        int[] expected = [tokenizer.BeginningOfSentenceId, .. query, tokenizer.EndOfSentenceId, tokenizer.EndOfSentenceId,
            .. passage.Take(24 - 4 - query.Length), tokenizer.EndOfSentenceId];
        Assert.That(pair.InputIds, Is.EqualTo(expected));
        Assert.That(pair.TokenTypeIds, Is.EqualTo(new int[24]));
        Assert.That(pair.QueryTruncated, Is.False);
    }

    [Test]
    public void Constructor_rejects_limits_that_leave_no_room()
    {
        var tokenizer = XlmRobertaTokenizerTests.FromJson();
        Assert.Throws<ArgumentOutOfRangeException>(() => new XlmRobertaPairEncoder(tokenizer, 5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new XlmRobertaPairEncoder(tokenizer, 16, 12));
        Assert.That(new XlmRobertaPairEncoder(tokenizer, 16, 11).MaxQueryTokens, Is.EqualTo(1));
    }
}
