using LuceneRerank.Testing;
using LuceneRerank.Tests.TestSupport;
using LuceneRerank.Text;

namespace LuceneRerank.Tests.Text;

/// <summary>
/// Token ids of the C# tokenizer (Microsoft.ML.Tokenizers' BertTokenizer as loaded by <see cref="BertTokenizerLoader"/>)
/// against Hugging Face tokenizers.js on 210 SciFact passages, 80 queries and crafted edge cases (accents,
/// punctuation, long words, CJK, control characters). Reference: tests/TestModels/reference/token-ids.jsonl.
/// </summary>
public sealed class TokenizerParityTests
{
    private static IEnumerable<TestCaseData> Loaders()
    {
        yield return new TestCaseData("vocab.txt + tokenizer_config.json (../shared)").SetArgDisplayNames("vocab.txt");
        yield return new TestCaseData("tokenizer.json (Xenova layout)").SetArgDisplayNames("tokenizer.json");
    }

    [TestCaseSource(nameof(Loaders))]
    public void TextIdsMatchTokenizersJs(string loader)
    {
        var encoder = new BertPairEncoder(Load(loader).Tokenizer, 512, 32);
        var entries = TokenIdReference.Entries.Where(e => e.Source != "crafted-pair").ToList();
        var withText = entries.Where(e => e.Text is not null).ToList();
        if (withText.Count(e => e.Source == "scifact-corpus") < 200)
        {
            Assert.Ignore("SciFact texts not present in ../shared");
        }

        var mismatches = new List<string>();
        foreach (var entry in withText)
        {
            var actual = encoder.EncodeText(entry.Text!, int.MaxValue / 16);
            if (!actual.SequenceEqual(entry.Ids))
            {
                var at = actual.Zip(entry.Ids).TakeWhile(p => p.First == p.Second).Count();
                mismatches.Add($"{entry.Source} {entry.Id ?? entry.Text}: first difference at token {at}: " +
                               $"C# [{string.Join(",", actual.Skip(at).Take(5))}] vs reference [{string.Join(",", entry.Ids.Skip(at).Take(5))}]");
            }
        }

        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches));
        Assert.That(withText.Count(e => e.Source == "scifact-queries"), Is.GreaterThanOrEqualTo(50));
    }

    [TestCaseSource(nameof(Loaders))]
    public void PairEncodingMatchesTokenizersJs(string loader)
    {
        var encoder = new BertPairEncoder(Load(loader).Tokenizer, 512, 32);
        var pairs = TokenIdReference.Entries.Where(e => e.Source == "crafted-pair").ToList();
        Assert.That(pairs, Is.Not.Empty);
        foreach (var pair in pairs)
        {
            var encoding = encoder.EncodePair(pair.Text!, pair.Passage!);
            Assert.That(encoding.InputIds, Is.EqualTo(pair.Ids), $"ids of ({pair.Text}, {pair.Passage})");
            Assert.That(encoding.TokenTypeIds, Is.EqualTo(pair.TokenTypeIds), $"token types of ({pair.Text}, {pair.Passage})");
            Assert.That(encoding.QueryTruncated, Is.False);
        }
    }

    private static LoadedBertTokenizer Load(string loader)
    {
        if (loader.StartsWith("vocab.txt", StringComparison.Ordinal))
        {
            var vocab = TestPaths.SharedFile("models", "bert-base-uncased-vocab", "vocab.txt");
            var config = TestPaths.SharedFile("models", "bert-base-uncased-vocab", "tokenizer_config.json");
            return BertTokenizerLoader.Load(vocab, null, config);
        }

        var dir = GeneratedModels.XenovaOneLabel;
        return BertTokenizerLoader.Load(null, Path.Combine(dir, "tokenizer.json"), Path.Combine(dir, "tokenizer_config.json"));
    }
}
