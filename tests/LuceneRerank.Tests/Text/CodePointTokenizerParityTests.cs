using LuceneRerank.Tests.TestSupport;
using LuceneRerank.Text;

namespace LuceneRerank.Tests.Text;

/// <summary>
/// Token ids of the BERT WordPiece (<see cref="BertTokenizerLoader"/>) and Qwen3 byte-level BPE
/// (<see cref="ByteLevelBpeTokenizer"/>) tokenizers against Hugging Face's Rust tokenizers library on crafted texts
/// with characters outside the 16-bit range and at the edges of the library's Unicode tables, and on seeded random
/// Unicode text from every plane (tests/generators/rust-tokenizers-reference). Every failure names the seed, the case
/// and the text.
/// </summary>
public sealed class CodePointTokenizerParityTests
{
    [TestCase("crafted")]
    [TestCase("random")]
    public void BertWordPieceIdsEqualTheRustLibrary(string source)
    {
        var dir = GeneratedModels.XenovaOneLabel;
        var tokenizer = BertTokenizerLoader.Load(null, Path.Combine(dir, "tokenizer.json"), Path.Combine(dir, "tokenizer_config.json"));
        var encoder = new BertPairEncoder(tokenizer.Tokenizer, 512, 32);
        var entries = RustTokenizersReference.Entries("bert").Where(e => e.Source == source).ToList();
        Assert.That(entries, Has.Count.GreaterThanOrEqualTo(source == "crafted" ? 20 : 600));
        RustTokenizersReference.AssertAllEqual(entries, text => encoder.EncodeText(text, int.MaxValue / 16));
    }

    [TestCase("crafted")]
    [TestCase("random")]
    public void Qwen3ByteLevelBpeIdsEqualTheRustLibrary(string source)
    {
        var tokenizer = Qwen3TestTokenizer.Instance;
        var entries = RustTokenizersReference.Entries("qwen3").Where(e => e.Source == source).ToList();
        Assert.That(entries, Has.Count.GreaterThanOrEqualTo(source == "crafted" ? 20 : 600));
        RustTokenizersReference.AssertAllEqual(entries, tokenizer.EncodeToIds);
    }

    [Test]
    public void A_math_letter_is_a_letter_for_the_qwen3_pre_tokenizer()
    {
        // The example: U+1D6FC then "-helix" is 3 tokens in Hugging Face, 4 with a UTF-16 regex.
        Assert.That(Qwen3TestTokenizer.Instance.EncodeToIds("\U0001D6FC-helix"), Has.Length.EqualTo(3));
    }

    // Built at run time: a lone surrogate in an attribute string does not survive the test adapter.
    private static IEnumerable<TestCaseData> LoneSurrogateTexts()
    {
        yield return new TestCaseData("a" + (char)0xD800 + "b", "a\uFFFDb").SetArgDisplayNames("high between letters");
        yield return new TestCaseData((char)0xDC00 + " lone low", "\uFFFD lone low").SetArgDisplayNames("low at the start");
        yield return new TestCaseData("end " + (char)0xD83D, "end \uFFFD").SetArgDisplayNames("high at the end");
        yield return new TestCaseData(new string([(char)0xDE00, (char)0xD83D]) + " swapped", "\uFFFD\uFFFD swapped").SetArgDisplayNames("swapped pair");
        yield return new TestCaseData("ok \U0001D6FC", "ok \U0001D6FC").SetArgDisplayNames("a valid pair stays");
    }

    [TestCaseSource(nameof(LoneSurrogateTexts))]
    public void A_lone_surrogate_is_read_as_U_FFFD_by_both_tokenizers(string text, string replaced)
    {
        Assert.That(NfcNormalizer.ReplaceLoneSurrogates(text), Is.EqualTo(replaced));
        Assert.That(Qwen3TestTokenizer.Instance.EncodeToIds(text), Is.EqualTo(Qwen3TestTokenizer.Instance.EncodeToIds(replaced)));
        var dir = GeneratedModels.XenovaOneLabel;
        var bert = new BertPairEncoder(
            BertTokenizerLoader.Load(null, Path.Combine(dir, "tokenizer.json"), Path.Combine(dir, "tokenizer_config.json")).Tokenizer, 512, 32);
        Assert.That(bert.EncodeText(text, 1000), Is.EqualTo(bert.EncodeText(replaced, 1000)));
    }

    [Test]
    public void Escaped_failure_texts_name_every_character()
    {
        Assert.That(RustTokenizersReference.Escape("a\U0001D6FC\tb\\"), Is.EqualTo("a\\U{1D6FC}\\u0009b\\u005C"));
    }
}
