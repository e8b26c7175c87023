using LuceneRerank.Tests.TestSupport;
using LuceneRerank.Text;

namespace LuceneRerank.Tests.Text;

/// <summary>Unusable <c>tokenizer.json</c> files given to <see cref="ByteLevelBpeTokenizer"/> are refused naming the file.</summary>
public sealed class ByteLevelBpeTokenizerTests : TempFolderFixture
{
    private const string PreTokenizer = """ "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "use_regex": true} """;

    [Test]
    public void A_small_byte_level_bpe_file_loads_and_encodes_with_its_merges()
    {
        var path = Write($$"""{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b"]}, {{PreTokenizer}} }""");
        var tokenizer = ByteLevelBpeTokenizer.FromFile(path);
        Assert.That(tokenizer.EncodeToIds("abab"), Is.EqualTo(new[] { 2, 2 }));
        Assert.That(tokenizer.VocabularySize, Is.EqualTo(3));
    }

    [TestCase("""{"model": {"type": "BPE", "vocab": {"a": "zero"}, "merges": []}, PRE }""", TestName = "A vocabulary id that is not a number")]
    [TestCase("""{"model": {"type": "BPE", "vocab": ["a"], "merges": []}, PRE }""", TestName = "A vocabulary that is a list")]
    [TestCase("""{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "added_tokens": [{"content": "<x>"}], PRE }""", TestName = "An added token without an id")]
    [TestCase("""[1, 2]""", TestName = "A file that is not a JSON object")]
    public void An_unusable_file_is_refused_naming_it(string json)
    {
        var path = Write(json.Replace("PRE", PreTokenizer, StringComparison.Ordinal));
        var e = Assert.Throws<InvalidDataException>(() => ByteLevelBpeTokenizer.FromFile(path));
        Assert.That(e!.Message, Does.Contain(path));
    }

    [Test]
    public void A_split_regex_other_than_the_supported_ones_is_refused_naming_file_and_pattern()
    {
        // A .NET regex would match UTF-16 units, not code points as Hugging Face does: refused, never tokenised differently.
        var path = Write("""
            {"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []},
             "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
                {"type": "Split", "pattern": {"Regex": "\\w+|\\s+"}, "behavior": "Isolated", "invert": false},
                {"type": "ByteLevel", "add_prefix_space": false, "use_regex": false}]}}
            """);
        var e = Assert.Throws<InvalidDataException>(() => ByteLevelBpeTokenizer.FromFile(path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain(@"\w+|\s+").And.Contain("not supported"));
    }

    [Test]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(TempDir, "tokenizer.json");
        var e = Assert.Throws<FileNotFoundException>(() => ByteLevelBpeTokenizer.FromFile(path));
        Assert.That(e!.Message, Does.Contain(path));
    }

    private string Write(string json)
    {
        var path = Path.Combine(TempDir, "tokenizer.json");
        File.WriteAllText(path, json);
        return path;
    }
}
