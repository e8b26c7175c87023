using LuceneRerank.Models;
using LuceneRerank.Reranking.T5;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Reranking.T5;

/// <summary>Bad model directories and manifests: each a clear error naming the file or the problem.</summary>
public sealed class T5RerankerErrorTests
{
    private static T5RerankerSettings Manifest(string name = "monot5.json") => T5TestModels.Settings(T5TestModels.Oracle, name);

    [Test]
    public void A_missing_encoder_file_is_named()
    {
        var manifest = Manifest() with { Files = new T5ModelFiles { Encoder = "nope/encoder_model.onnx", Tokenizer = "../spiece.model" } };
        var e = Assert.Throws<FileNotFoundException>(() => T5Reranker.Create(manifest, T5TestModels.Oracle));
        Assert.That(e!.Message, Does.Contain("encoder").And.Contain("nope/encoder_model.onnx"));
    }

    [Test]
    public void A_missing_decoder_file_is_named()
    {
        var manifest = Manifest() with { Files = new T5ModelFiles { Decoder = "missing_decoder.onnx", Tokenizer = "../spiece.model" } };
        var e = Assert.Throws<FileNotFoundException>(() => T5Reranker.Create(manifest, T5TestModels.Oracle));
        Assert.That(e!.Message, Does.Contain("decoder").And.Contain("missing_decoder.onnx"));
    }

    [Test]
    public void A_missing_tokenizer_file_is_named()
    {
        var manifest = Manifest() with { Files = new T5ModelFiles { Tokenizer = "spiece.model" } };
        var e = Assert.Throws<FileNotFoundException>(() => T5Reranker.Create(manifest, T5TestModels.Oracle));
        Assert.That(e!.Message, Does.Contain("spiece.model"));
    }

    [Test]
    public void A_decoder_without_logits_is_rejected()
    {
        var manifest = Manifest() with { Files = new T5ModelFiles { Decoder = "decoder_without_logits.onnx", Tokenizer = "../spiece.model" } };
        var e = Assert.Throws<InvalidDataException>(() => T5Reranker.Create(manifest, T5TestModels.Oracle));
        Assert.That(e!.Message, Does.Contain("no output 'logits'").And.Contain("decoder_without_logits.onnx").And.Contain("scores"));
    }

    [Test]
    public void An_encoder_given_as_decoder_is_rejected_with_its_inputs_named()
    {
        var manifest = Manifest() with { Files = new T5ModelFiles { Decoder = "encoder_model.onnx", Tokenizer = "../spiece.model" } };
        var e = Assert.Throws<InvalidDataException>(() => T5Reranker.Create(manifest, T5TestModels.Oracle));
        Assert.That(e!.Message, Does.Contain("decoder").And.Contain("encoder_hidden_states"));
    }

    [TestCase("prompt.labels.positive")]
    [TestCase("prompt.labels.negative")]
    public void A_label_that_is_not_one_token_is_rejected(string field)
    {
        var manifest = field == "prompt.labels.positive" ? Manifest() with { PositiveLabel = "Relevantly" } : Manifest() with { NegativeLabel = "irrelevantly" };
        var e = Assert.Throws<InvalidDataException>(() => T5Reranker.Create(manifest, T5TestModels.Oracle));
        Assert.That(e!.Message, Does.Contain(field).And.Contain("not a single token"));
    }

    [Test]
    public void A_ranking_token_outside_the_sentinels_is_rejected()
    {
        var manifest = Manifest("rankt5.json") with { RankingToken = "<extra_id_100>" };
        var e = Assert.Throws<InvalidDataException>(() => T5Reranker.Create(manifest, T5TestModels.Oracle));
        Assert.That(e!.Message, Does.Contain("prompt.labels.ranking").And.Contain("<extra_id_100>"));
    }

    [Test]
    public void Manifest_problems_name_the_file_and_the_field()
    {
        var dir = TestPaths.NewTempDirectory();
        try
        {
            var path = Path.Combine(dir, "m.json");
            var valid = File.ReadAllText(Path.Combine(T5TestModels.Oracle, "monot5.json"));
            File.WriteAllText(path, valid.Replace("\"negative\": \"false\"", "\"negativ\": \"false\""));
            var e = Assert.Throws<InvalidDataException>(() => T5RerankerSettings.Load(path));
            Assert.That(e!.Message, Does.Contain(path).And.Contain("unknown label role(s) \"negativ\"").And.Contain("\"positive\", \"negative\""));

            File.WriteAllText(path, System.Text.RegularExpressions.Regex.Replace(valid, @",\s*""negative"": ""false""", ""));
            e = Assert.Throws<InvalidDataException>(() => T5RerankerSettings.Load(path));
            Assert.That(e!.Message, Does.Contain(path).And.Contain("labels.negative is missing"));

            File.WriteAllText(path, valid.Replace("Document: {document}", "Doc: {passage}"));
            var reranker = Assert.Throws<FormatException>(() => T5Reranker.Create(T5RerankerSettings.Load(path) with { Files = new T5ModelFiles { Tokenizer = "../spiece.model" } }, T5TestModels.Oracle));
            Assert.That(reranker!.Message, Does.Contain("{passage}").And.Contain("prompt.template"));

            File.WriteAllText(path, valid.Replace("\"kind\": \"monot5\"", "\"kind\": \"llm-pointwise\""));
            Assert.That(Assert.Throws<InvalidDataException>(() => T5RerankerSettings.Load(path))!.Message, Does.Contain(path).And.Contain("'monot5' or 'rankt5'"));

            File.WriteAllText(path, valid.Replace("\"template\"", "\"promptTemplate\""));
            Assert.That(Assert.Throws<InvalidDataException>(() => T5RerankerSettings.Load(path))!.Message, Does.Contain("\"promptTemplate\""));

            File.WriteAllText(path, "{ \"name\": ");
            Assert.That(Assert.Throws<ModelManifestException>(() => T5RerankerSettings.Load(path))!.Message, Does.Contain(path));
            Assert.That(Assert.Throws<ModelManifestException>(() => T5RerankerSettings.Load(Path.Combine(dir, "none.json")))!.Message, Does.Contain("none.json"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
