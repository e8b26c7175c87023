using LuceneRerank.Testing;
using LuceneRerank.Tests.TestSupport;
using LuceneRerank.Text;

namespace LuceneRerank.Tests.Text;

/// <summary>Loading BERT tokenizers from vocab.txt / tokenizer.json / tokenizer_config.json, and the errors for bad files.</summary>
public sealed class BertTokenizerLoaderTests : TempFolderFixture
{
    [Test]
    public void TokenizerJsonGivesTheVocabularyAndSettings()
    {
        var model = GeneratedModels.XenovaOneLabel;
        var loaded = BertTokenizerLoader.Load(null, Path.Combine(model, "tokenizer.json"), Path.Combine(model, "tokenizer_config.json"));
        Assert.That(loaded.VocabularySize, Is.EqualTo(30522));
        Assert.That(loaded.LowerCase, Is.True);
        Assert.That(loaded.StripAccents, Is.True, "strip_accents null follows lower-casing");
        Assert.That(loaded.ModelMaxLength, Is.EqualTo(128));
        Assert.That(loaded.Tokenizer.ClassificationTokenId, Is.EqualTo(101));
        Assert.That(loaded.Tokenizer.SeparatorTokenId, Is.EqualTo(102));
        Assert.That(loaded.Tokenizer.PaddingTokenId, Is.EqualTo(0));
    }

    [Test]
    public void DoLowerCaseFalseKeepsCaseAndAccents()
    {
        var vocab = TestPaths.SharedFile("models", "bert-base-uncased-vocab", "vocab.txt");
        File.WriteAllText(Path.Combine(TempDir, "tokenizer_config.json"), """{"do_lower_case": false, "model_max_length": 1000000000000000019884624838656}""");
        var cased = BertTokenizerLoader.Load(vocab, null, Path.Combine(TempDir, "tokenizer_config.json"));
        var uncased = BertTokenizerLoader.Load(vocab, null, null);

        Assert.That(cased.LowerCase, Is.False);
        Assert.That(cased.StripAccents, Is.False);
        Assert.That(cased.ModelMaxLength, Is.Null, "Hugging Face's 1e30 means no limit");
        var ids = cased.Tokenizer.EncodeToIds("Hello", addSpecialTokens: false);
        Assert.That(ids, Is.Not.EqualTo(uncased.Tokenizer.EncodeToIds("Hello", addSpecialTokens: false)));
        Assert.That(uncased.Tokenizer.EncodeToIds("Hello", addSpecialTokens: false), Is.EqualTo(uncased.Tokenizer.EncodeToIds("hello", addSpecialTokens: false)));
    }

    [Test]
    public void NonWordPieceTokenizerJsonIsRefusedNamingTheFile()
    {
        var path = Path.Combine(TempDir, "tokenizer.json");
        File.WriteAllText(path, """{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}}""");
        var e = Assert.Throws<InvalidDataException>(() => BertTokenizerLoader.Load(null, path, null));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("BPE").And.Contain("WordPiece"));
    }

    [Test]
    public void BrokenJsonIsRefusedNamingTheFile()
    {
        var path = Path.Combine(TempDir, "tokenizer_config.json");
        File.WriteAllText(path, "{ not json");
        var vocab = TestPaths.SharedFile("models", "bert-base-uncased-vocab", "vocab.txt");
        var e = Assert.Throws<InvalidDataException>(() => BertTokenizerLoader.Load(vocab, null, path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("not valid JSON"));
    }

    [Test]
    public void TokenizerJsonWithGapsInIdsIsRefused()
    {
        var path = Path.Combine(TempDir, "tokenizer.json");
        File.WriteAllText(path, """{"model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "a": 5}}}""");
        var e = Assert.Throws<InvalidDataException>(() => BertTokenizerLoader.Load(null, path, null));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("contiguous"));
    }

    [Test]
    public void MissingVocabularyFileIsNamed()
    {
        var path = Path.Combine(TempDir, "vocab.txt");
        var e = Assert.Throws<FileNotFoundException>(() => BertTokenizerLoader.Load(path, null, null));
        Assert.That(e!.Message, Does.Contain(path));
        Assert.Throws<FileNotFoundException>(() => BertTokenizerLoader.Load(null, null, null));
    }

    [Test]
    public void MissingTokenizerJsonBesideAVocabularyIsNamedNotIgnored()
    {
        var vocab = TestPaths.SharedFile("models", "bert-base-uncased-vocab", "vocab.txt");
        var path = Path.Combine(TempDir, "tokenizer.json");
        var e = Assert.Throws<FileNotFoundException>(() => BertTokenizerLoader.Load(vocab, path, null));
        Assert.That(e!.Message, Does.Contain(path));
    }

    [Test]
    public void ConfigThatIsNotAJsonObjectIsRefusedNamingTheFile()
    {
        var path = Path.Combine(TempDir, "tokenizer_config.json");
        File.WriteAllText(path, "[true]");
        var vocab = TestPaths.SharedFile("models", "bert-base-uncased-vocab", "vocab.txt");
        var e = Assert.Throws<InvalidDataException>(() => BertTokenizerLoader.Load(vocab, null, path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("expected a JSON object"));
    }

    [Test]
    public void SpecialTokensThatDoNotStartWithABracketAreKeptWholeInText()
    {
        // A lower-casing tokenizer whose separator is "<SEP>": written in the text, it must stay one token, not be
        // lower-cased into "<", "sep", ">".
        var vocab = Path.Combine(TempDir, "vocab.txt");
        File.WriteAllLines(vocab, ["[PAD]", "[UNK]", "[CLS]", "<SEP>", "[MASK]", "<", ">", "sep", "cells", "grow"]);
        var config = Path.Combine(TempDir, "tokenizer_config.json");
        File.WriteAllText(config, """{"do_lower_case": true, "sep_token": "<SEP>"}""");
        var loaded = BertTokenizerLoader.Load(vocab, null, config);

        Assert.That(loaded.Tokenizer.SeparatorTokenId, Is.EqualTo(3));
        Assert.That(loaded.Tokenizer.EncodeToIds("Cells <SEP> grow", addSpecialTokens: false), Is.EqualTo(new[] { 8, 3, 9 }));
    }
}
