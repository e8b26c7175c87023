using LuceneRerank.Onnx;
using LuceneRerank.Reranking;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Reranking;

/// <summary>Model directories that are not usable cross-encoders give errors that name the file and the problem.</summary>
public sealed class CrossEncoderRerankerModelErrorTests : TempFolderFixture
{
    /// <summary>Generates the models (or ignores the test without ../shared) before any Assert.Throws runs.</summary>
    [SetUp]
    public void RequireGeneratedModels() => _ = GeneratedModels.Root;

    [Test]
    public void SignaturesOfTheThreeShapesAreRecognised()
    {
        using (var one = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel))
        {
            Assert.That(one.Description.ScoreMeaning, Does.Contain("raw relevance logit"));
            Assert.That(one.Description.Notes, Has.Some.EqualTo("feeds token_type_ids"));
            Assert.That(one.Description.ExecutionProvider, Is.EqualTo("CPU"));
            Assert.That(one.Description.Name, Is.EqualTo("xenova-layout-1-label"));
        }

        using (var two = CrossEncoderReranker.Create(GeneratedModels.VocabTwoLabels))
        {
            Assert.That(two.Description.ScoreMeaning, Does.Contain("softmax probability of the relevant label (index 1)"));
        }

        using (var noTypes = CrossEncoderReranker.Create(GeneratedModels.NoTokenTypeIds, new CrossEncoderRerankerOptions { ApplySigmoid = true, Name = "mine" }))
        {
            Assert.That(noTypes.Description.Notes, Has.Some.EqualTo("model takes no token_type_ids"));
            Assert.That(noTypes.Description.ScoreMeaning, Does.Contain("sigmoid"));
            Assert.That(noTypes.Description.Name, Is.EqualTo("mine"));
        }
    }

    [Test]
    public void ModelWithoutAttentionMaskIsRefused()
    {
        var e = Assert.Throws<InvalidDataException>(() => CrossEncoderReranker.Create(GeneratedModels.BadNoAttentionMask));
        Assert.That(e!.Message, Does.Contain(Path.Combine(GeneratedModels.BadNoAttentionMask, "onnx", "model.onnx"))
            .And.Contain("is not a cross-encoder").And.Contain("no 'attention_mask' input").And.Contain("input_mask"));
    }

    [Test]
    public void EmbeddingModelIsRefused()
    {
        var e = Assert.Throws<InvalidDataException>(() => CrossEncoderReranker.Create(GeneratedModels.BadHiddenStateOutput));
        Assert.That(e!.Message, Does.Contain("last_hidden_state").And.Contain("[batch_size, sequence_length, 8]").And.Contain("embedding model"));
    }

    [Test]
    public void VocabularyLargerThanTheWordEmbeddingIsRefused()
    {
        var e = Assert.Throws<InvalidDataException>(() => CrossEncoderReranker.Create(GeneratedModels.BadVocabMismatch));
        Assert.That(e!.Message, Does.Contain("tokenizer.json has 30522 tokens").And.Contain("has 1000 rows").And.Contain("does not belong"));
    }

    [Test]
    public void VocabularyLargerThanConfigVocabSizeIsRefused()
    {
        var dir = CopyOfModel(GeneratedModels.XenovaOneLabel);
        var config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"vocab_size\": 30522", "\"vocab_size\": 30000"));
        var e = Assert.Throws<InvalidDataException>(() => CrossEncoderReranker.Create(dir));
        Assert.That(e!.Message, Does.Contain(config).And.Contain("vocab_size").And.Contain("30522 tokens"));
    }

    [Test]
    public void CorruptOnnxFileIsNamed()
    {
        var dir = CopyOfModel(GeneratedModels.XenovaOneLabel);
        var model = Path.Combine(dir, "onnx", "model.onnx");
        var bytes = File.ReadAllBytes(model);
        File.WriteAllBytes(model, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => CrossEncoderReranker.Create(dir));
        Assert.That(e!.Message, Does.Contain(model));

        File.WriteAllText(model, "not a model");
        e = Assert.Throws<InvalidDataException>(() => CrossEncoderReranker.Create(dir));
        Assert.That(e!.Message, Does.Contain(model));
    }

    [Test]
    public void MissingVocabularyIsNamed()
    {
        var dir = CopyOfModel(GeneratedModels.VocabTwoLabels);
        File.Delete(Path.Combine(dir, "vocab.txt"));
        var e = Assert.Throws<FileNotFoundException>(() => CrossEncoderReranker.Create(dir));
        Assert.That(e!.Message, Does.Contain("vocab.txt").And.Contain("tokenizer.json").And.Contain(dir));
    }

    [Test]
    public void MissingModelIsNamed()
    {
        var dir = CopyOfModel(GeneratedModels.VocabTwoLabels);
        File.Delete(Path.Combine(dir, "model.onnx"));
        var e = Assert.Throws<FileNotFoundException>(() => CrossEncoderReranker.Create(dir));
        Assert.That(e!.Message, Does.Contain("No ONNX model").And.Contain(dir));
    }

    [Test]
    public void CudaWithoutTheGpuPackageSaysWhichPackageToReference()
    {
        var options = new CrossEncoderRerankerOptions { OnnxRuntime = new OnnxRuntimeOptions { ExecutionProvider = ExecutionProvider.Cuda } };
        var e = Assert.Throws<ExecutionProviderUnavailableException>(() => CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, options));
        Assert.That(e!.Message, Does.Contain("Microsoft.ML.OnnxRuntime.Gpu"));
    }

    [Test]
    public void MaxLengthBeyondThePositionEmbeddingsIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions { MaxLength = 513 }));
        Assert.That(e!.Message, Does.Contain("max_position_embeddings").And.Contain("config.json"));
        using var ok = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions { MaxLength = 512 });
        Assert.That(ok.Description.MaxLength, Is.EqualTo(512));
    }

    [TestCase(2)]
    [TestCase(-1)]
    public void PositiveLabelOtherThanZeroOrOneIsRefusedWhateverTheModel(int label)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions { PositiveLabel = label }));
        Assert.That(e!.Message, Does.Contain("PositiveLabel must be 0 or 1").And.Contain(label.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
