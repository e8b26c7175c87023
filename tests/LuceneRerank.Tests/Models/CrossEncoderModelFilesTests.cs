using LuceneRerank.Models;
using LuceneRerank.Testing;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Models;

/// <summary>Finding the files of a Hugging Face model download.</summary>
public sealed class CrossEncoderModelFilesTests : TempFolderFixture
{
    [Test]
    public void XenovaLayoutIsFound()
    {
        Touch("onnx/model.onnx", "onnx/model_quantized.onnx", "tokenizer.json", "tokenizer_config.json", "config.json");
        var files = CrossEncoderModelFiles.Locate(TempDir);
        Assert.That(files.ModelPath, Is.EqualTo(Path.Combine(TempDir, "onnx", "model.onnx")));
        Assert.That(files.TokenizerJsonPath, Is.EqualTo(Path.Combine(TempDir, "tokenizer.json")));
        Assert.That(files.VocabularyPath, Is.Null);
        Assert.That(files.TokenizerConfigPath, Is.EqualTo(Path.Combine(TempDir, "tokenizer_config.json")));
        Assert.That(files.ConfigPath, Is.EqualTo(Path.Combine(TempDir, "config.json")));
    }

    [Test]
    public void XlmRobertaSentencePieceModelAloneIsATokenizer()
    {
        Touch("onnx/model.onnx", "sentencepiece.bpe.model");
        var files = CrossEncoderModelFiles.Locate(TempDir);
        Assert.That(files.SentencePieceModelPath, Is.EqualTo(Path.Combine(TempDir, "sentencepiece.bpe.model")));
        Assert.That(files.TokenizerJsonPath, Is.Null);
        Assert.That(files.VocabularyPath, Is.Null);
    }

    [Test]
    public void QuantizedModelIsChosenWhenPreferred()
    {
        Touch("onnx/model.onnx", "onnx/model_quantized.onnx", "vocab.txt");
        Assert.That(CrossEncoderModelFiles.Locate(TempDir, preferQuantized: true).ModelPath, Is.EqualTo(Path.Combine(TempDir, "onnx", "model_quantized.onnx")));
    }

    [Test]
    public void Fp16ModelIsChosenWhenPreferred()
    {
        Touch("onnx/model.onnx", "onnx/model_fp16.onnx", "onnx/model_quantized.onnx", "tokenizer.json");
        Assert.That(CrossEncoderModelFiles.Locate(TempDir, preferFp16: true).ModelPath, Is.EqualTo(Path.Combine(TempDir, "onnx", "model_fp16.onnx")));
        Assert.That(CrossEncoderModelFiles.Locate(TempDir).ModelPath, Is.EqualTo(Path.Combine(TempDir, "onnx", "model.onnx")), "only when asked for");
    }

    [Test]
    public void Fp16PreferenceFallsBackToTheFp32Model()
    {
        Touch("onnx/model.onnx", "tokenizer.json");
        Assert.That(CrossEncoderModelFiles.Locate(TempDir, preferFp16: true).ModelPath, Is.EqualTo(Path.Combine(TempDir, "onnx", "model.onnx")));
    }

    [Test]
    public void PreferringQuantizedAndFp16IsRefused()
    {
        Touch("onnx/model.onnx", "tokenizer.json");
        Assert.Throws<ArgumentException>(() => CrossEncoderModelFiles.Locate(TempDir, preferQuantized: true, preferFp16: true));
    }

    [Test]
    public void QuantizedModelIsUsedWhenItIsTheOnlyOne()
    {
        Touch("onnx/model_quantized.onnx", "vocab.txt");
        Assert.That(CrossEncoderModelFiles.Locate(TempDir).ModelPath, Is.EqualTo(Path.Combine(TempDir, "onnx", "model_quantized.onnx")));
    }

    [Test]
    public void RootModelOnnxComesFirst()
    {
        Touch("model.onnx", "onnx/model.onnx", "vocab.txt");
        Assert.That(CrossEncoderModelFiles.Locate(TempDir).ModelPath, Is.EqualTo(Path.Combine(TempDir, "model.onnx")));
    }

    [Test]
    public void MissingModelNamesTheDirectoryAndWhatWasLookedFor()
    {
        Touch("vocab.txt");
        var e = Assert.Throws<FileNotFoundException>(() => CrossEncoderModelFiles.Locate(TempDir));
        Assert.That(e!.Message, Does.Contain(TempDir).And.Contain("model.onnx").And.Contain(Path.Combine("onnx", "model.onnx")));
    }

    [Test]
    public void MissingTokenizerNamesBothFiles()
    {
        Touch("model.onnx", "config.json");
        var e = Assert.Throws<FileNotFoundException>(() => CrossEncoderModelFiles.Locate(TempDir));
        Assert.That(e!.Message, Does.Contain("vocab.txt").And.Contain("tokenizer.json").And.Contain(TempDir));
    }

    [Test]
    public void MissingDirectoryIsNamed()
    {
        var missing = Path.Combine(TempDir, "nope");
        var e = Assert.Throws<DirectoryNotFoundException>(() => CrossEncoderModelFiles.Locate(missing));
        Assert.That(e!.Message, Does.Contain(missing));
    }

    private void Touch(params string[] relative)
    {
        foreach (var r in relative)
        {
            var path = Path.Combine(TempDir, r);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "");
        }
    }
}
