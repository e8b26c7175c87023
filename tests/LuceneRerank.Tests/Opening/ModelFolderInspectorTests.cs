using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Opening;

/// <summary>What a model folder's files and config.json say about the methods that can read it.</summary>
public sealed class ModelFolderInspectorTests
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = TestPaths.NewTempDirectory();

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestCase("""{"architectures": ["BertForSequenceClassification"], "model_type": "bert"}""")]
    [TestCase("""{"architectures": ["XLMRobertaForSequenceClassification"], "model_type": "xlm-roberta"}""")]
    [TestCase("""{"model_type": "bert"}""")]
    public void A_sequence_classification_config_is_a_cross_encoder(string config)
    {
        File.WriteAllText(Path.Combine(_folder, "config.json"), config);

        Assert.That(ModelFolderInspector.Inspect(_folder).Candidates, Is.EqualTo(new[] { RerankMethod.CrossEncoder }));
    }

    [TestCase("""{"architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3"}""")]
    [TestCase("""{"architectures": ["LlamaForCausalLM"], "model_type": "llama"}""")]
    [TestCase("""{"model_type": "qwen2"}""")]
    [TestCase("""{"architectures": ["GPT2LMHeadModel"]}""")]
    public void A_causal_language_model_config_fits_four_methods(string config)
    {
        File.WriteAllText(Path.Combine(_folder, "config.json"), config);

        Assert.That(ModelFolderInspector.Inspect(_folder).Candidates,
            Is.EqualTo(new[] { RerankMethod.Pointwise, RerankMethod.QueryLikelihood, RerankMethod.Listwise, RerankMethod.Pairwise }));
    }

    [TestCase("", "")]
    [TestCase("onnx", "")]
    [TestCase("", "onnx")]
    public void Encoder_and_decoder_graphs_are_a_T5_whatever_the_config_says(string encoderFolder, string decoderFolder)
    {
        File.WriteAllText(Path.Combine(_folder, "config.json"), """{"architectures": ["BertForSequenceClassification"]}""");
        Touch(Path.Combine(encoderFolder, "encoder_model.onnx"));
        Touch(Path.Combine(decoderFolder, "decoder_model.onnx"));

        Assert.That(ModelFolderInspector.Inspect(_folder).Candidates,
            Is.EqualTo(new[] { RerankMethod.MonoT5, RerankMethod.RankT5, RerankMethod.Listwise, RerankMethod.Pairwise }));
    }

    [TestCase("vocab.txt")]
    [TestCase("sentencepiece.bpe.model")]
    public void A_BERT_or_XLM_R_tokenizer_without_config_is_a_cross_encoder(string tokenizer)
    {
        Touch(tokenizer);

        Assert.That(ModelFolderInspector.Inspect(_folder).Candidates, Is.EqualTo(new[] { RerankMethod.CrossEncoder }));
    }

    [Test]
    public void An_unknown_architecture_is_refused_naming_it()
    {
        File.WriteAllText(Path.Combine(_folder, "config.json"), """{"architectures": ["WhisperForConditionalGeneration"], "model_type": "whisper"}""");

        var error = Assert.Throws<InvalidDataException>(() => ModelFolderInspector.Inspect(_folder));

        Assert.That(error!.Message, Does.Contain("WhisperForConditionalGeneration").And.Contain("RerankerOpenOptions.Method"));
    }

    [Test]
    public void A_folder_with_nothing_known_is_refused()
    {
        Touch("model.onnx");

        var error = Assert.Throws<InvalidDataException>(() => ModelFolderInspector.Inspect(_folder));

        Assert.That(error!.Message, Does.Contain($"cannot tell which reranker reads the model in {_folder}"));
    }

    [Test]
    public void A_config_that_is_not_JSON_is_named()
    {
        File.WriteAllText(Path.Combine(_folder, "config.json"), "{ not json");

        var error = Assert.Throws<InvalidDataException>(() => ModelFolderInspector.Inspect(_folder));

        Assert.That(error!.Message, Does.Contain(Path.Combine(_folder, "config.json")).And.Contain("not valid JSON"));
    }

    private void Touch(string relative)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
    }
}
