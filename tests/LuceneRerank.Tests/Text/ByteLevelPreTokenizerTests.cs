using LuceneRerank.Text;

namespace LuceneRerank.Tests.Text;

/// <summary>
/// The code-point scanners of <see cref="ByteLevelPreTokenizer"/>, piece by piece, on letters and digits written as
/// surrogate pairs and on each alternative of the patterns (the Qwen2 one is also compared with the Rust library on
/// random text in <see cref="CodePointTokenizerParityTests"/>).
/// </summary>
public sealed class ByteLevelPreTokenizerTests
{
    [TestCase("a 𝛼𝛽 12 !!?\n", new[] { "a", " 𝛼𝛽", " 12", " !!?", "\n" }, TestName = "GPT-2: a math letter run is one word with its space")]
    [TestCase("it's 'S x  y ", new[] { "it", "'s", " '", "S", " x", " ", " y", " " }, TestName = "GPT-2: contractions are lower-case only")]
    public void Gpt2Pieces(string text, string[] expected) => Assert.That(Pieces(ByteLevelPreTokenizer.Gpt2Pattern, text), Is.EqualTo(expected));

    [TestCase("𝛼-helix", new[] { "𝛼", "-helix" }, TestName = "Qwen2: a math letter is a letter")]
    [TestCase("x𠀀y 𝟘𝟙", new[] { "x𠀀y", " ", "𝟘", "𝟙" }, TestName = "Qwen2: extension B CJK is a letter and math digits are digits, one each")]
    [TestCase("IT'S 'ſ", new[] { "IT", "'S", " '", "ſ" }, TestName = "Qwen2: contractions ignore case, long s folds to s")]
    [TestCase("x  \n \n  y", new[] { "x", "  \n \n", " ", " y" }, TestName = "Qwen2: white space up to the last line break, then all but the last space")]
    [TestCase("a\u3000\u3000b", new[] { "a", "\u3000", "\u3000b" }, TestName = "Qwen2: ideographic space is white space")]
    [TestCase("?!\r\n\nz", new[] { "?!\r\n\n", "z" }, TestName = "Qwen2: punctuation keeps its following line breaks")]
    public void Qwen2Pieces(string text, string[] expected) => Assert.That(Pieces(ByteLevelPreTokenizer.Qwen2Pattern, text), Is.EqualTo(expected));

    [Test]
    public void Llama3_keeps_up_to_three_digits_a_piece() =>
        Assert.That(Pieces(ByteLevelPreTokenizer.Llama3Pattern, "1234567"), Is.EqualTo(new[] { "123", "456", "7" }));

    [Test]
    public void Special_tokens_are_kept_whole_and_split_first()
    {
        var scanner = ByteLevelPreTokenizer.ForPattern(ByteLevelPreTokenizer.Qwen2Pattern, ["<|im_end|>", "<|im"])!;
        var text = "yes<|im_end|>\n";
        Assert.That(scanner.Split(text).Select(p => text.Substring(p.Offset, p.Length)), Is.EqualTo(new[] { "yes", "<|im_end|>", "\n" }));
    }

    [Test]
    public void An_unknown_pattern_has_no_scanner() =>
        Assert.That(ByteLevelPreTokenizer.ForPattern(@"\w+|\s+", []), Is.Null);

    private static string[] Pieces(string pattern, string text) =>
        ByteLevelPreTokenizer.ForPattern(pattern, [])!.Split(text).Select(p => text.Substring(p.Offset, p.Length)).ToArray();
}
