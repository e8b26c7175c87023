using LuceneRerank.Models;
using LuceneRerank.Onnx;
using LuceneRerank.Reranking.Generative;
using LuceneRerank.Reranking.Listwise;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Tests.Reranking.Llm;
using LuceneRerank.Tests.Reranking.T5;
using LuceneRerank.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace LuceneRerank.Tests.Opening;

/// <summary>The options of <see cref="Rerankers.Open"/>: defaults, validation, and that length and budget reach the model.</summary>
public sealed class RerankerOpenOptionsTests
{
    [Test]
    public void The_defaults_are_documented_ones()
    {
        var options = new RerankerOpenOptions();

        Assert.That(options.Method, Is.EqualTo(RerankMethod.Auto));
        Assert.That(options.Precision, Is.EqualTo(ModelPrecision.Auto));
        Assert.That(options.OnnxRuntime.ExecutionProvider, Is.EqualTo(ExecutionProvider.Cpu));
        Assert.That(options.MaxLength, Is.Null);
        Assert.That(options.TokenBudget, Is.Null);
        Assert.That(options.ModelDirectory, Is.Null);
        Assert.That(options.Manifest, Is.Null);
        Assert.That(options.LoggerFactory, Is.Null);
    }

    [TestCase(0)]
    [TestCase(-5)]
    public void A_non_positive_length_or_budget_is_refused_naming_the_property(int value)
    {
        var length = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RerankerOpenOptions { MaxLength = value });
        var budget = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RerankerOpenOptions { TokenBudget = value });

        Assert.That(length!.ParamName, Is.EqualTo("MaxLength"));
        Assert.That(budget!.ParamName, Is.EqualTo("TokenBudget"));
    }

    [Test]
    public void Undefined_enum_values_and_empty_texts_are_refused()
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RerankerOpenOptions { Method = (RerankMethod)42 })!.ParamName, Is.EqualTo("Method"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RerankerOpenOptions { Precision = (ModelPrecision)42 })!.ParamName, Is.EqualTo("Precision"));
        Assert.That(Assert.Throws<ArgumentException>(() => _ = new RerankerOpenOptions { ModelDirectory = " " })!.ParamName, Is.EqualTo("ModelDirectory"));
        Assert.That(Assert.Throws<ArgumentException>(() => _ = new RerankerOpenOptions { Manifest = "" })!.ParamName, Is.EqualTo("Manifest"));
        Assert.Throws<ArgumentNullException>(() => _ = new RerankerOpenOptions { OnnxRuntime = null! });
    }

    [Test]
    public void MaxLength_and_TokenBudget_reach_a_cross_encoder()
    {
        using var opened = Rerankers.Open(GeneratedModels.XenovaOneLabel, new RerankerOpenOptions { MaxLength = 64, TokenBudget = 1000 });

        Assert.That(opened.Description.MaxLength, Is.EqualTo(64));
        Assert.That(opened.Description.Notes, Has.Some.Contains("batches of at most 1000 padded tokens"));
    }

    [Test]
    public void MaxLength_reaches_a_decoder_reranker()
    {
        using var opened = Rerankers.Open(LlmTestModels.OracleYes, new RerankerOpenOptions { Method = RerankMethod.Pointwise, MaxLength = 100 });

        Assert.That(opened.Description.MaxLength, Is.EqualTo(100));
    }

    [Test]
    public void MaxLength_and_TokenBudget_reach_a_T5_reranker()
    {
        var folder = OpenTestModels.T5Folder(T5TestModels.Tiny);
        try
        {
            using var opened = Rerankers.Open(Path.Combine(folder, "monot5.json"), new RerankerOpenOptions { MaxLength = 64, TokenBudget = 640 });

            Assert.That(opened.Description.MaxLength, Is.EqualTo(64));
            Assert.That(opened.Description.Notes, Has.Some.Contains("batches of at most 640 padded encoder tokens"));
        }
        finally
        {
            OpenTestModels.Delete(folder);
        }
    }

    [TestCase(null, 64)]   // the folder manifest's maxLength caps the pairs, as declared
    [TestCase(48, 48)]     // the option, at most the manifest's, takes its place
    public void A_cross_encoder_manifest_caps_the_pairs_at_its_maxLength(int? option, int expected)
    {
        var folder = OpenTestModels.Copy(GeneratedModels.XenovaOneLabel);
        try
        {
            var manifest = ModelManifestLoader.Load(OpenTestModels.RepositoryManifest("ms-marco-MiniLM-L-6-v2.json"));
            OpenTestModels.WriteFolderManifest(folder, manifest with { MaxLength = 64 });

            using var opened = Rerankers.Open(folder, new RerankerOpenOptions { MaxLength = option });

            Assert.That(opened.Description.MaxLength, Is.EqualTo(expected));
        }
        finally
        {
            OpenTestModels.Delete(folder);
        }
    }

    [TestCase(null, null, "4096")]      // no extra.tokenBudget, no option: the CPU provider's default (not a fixed 8,192)
    [TestCase(1024, null, "1024")]      // the manifest's extra.tokenBudget, as declared
    [TestCase(1024, 2048, "2048")]      // the option takes the manifest's place
    public void A_T5_listwise_manifest_opens_with_its_declared_extra_settings(int? manifestBudget, int? optionBudget, string expected)
    {
        var folder = OpenTestModels.T5Folder(T5TestModels.Oracle);
        try
        {
            var manifest = ModelManifestLoader.Load(Path.Combine(folder, "listwise.json"));
            var extra = new Dictionary<string, int> { ["decoderStartTokenId"] = 5 };
            if (manifestBudget is { } budget)
            {
                extra["tokenBudget"] = budget;
            }

            OpenTestModels.WriteFolderManifest(folder, manifest with { Extra = System.Text.Json.JsonSerializer.SerializeToElement(extra) });

            using var opened = Rerankers.Open(folder, new RerankerOpenOptions { TokenBudget = optionBudget });

            var label = (T5PromptLabelModel)((ListwiseReranker)opened.Inner).Model;
            Assert.That(label.DecoderStartTokenId, Is.EqualTo(5), "extra.decoderStartTokenId is honoured through Rerankers.Open");
            Assert.That(opened.Description.Notes, Has.Some.Contains($"batches of at most {expected} padded encoder tokens"));
        }
        finally
        {
            OpenTestModels.Delete(folder);
        }
    }

    [Test]
    public void A_MaxLength_above_the_manifests_is_refused()
    {
        var folder = OpenTestModels.T5Folder(T5TestModels.Tiny);
        try
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
                Rerankers.Open(Path.Combine(folder, "monot5.json"), new RerankerOpenOptions { MaxLength = 100_000 }));

            Assert.That(error!.Message, Does.Contain("MaxLength 100000 exceeds the").And.Contain("tokens the manifest"));
        }
        finally
        {
            OpenTestModels.Delete(folder);
        }
    }

    [Test]
    public void A_MaxLength_above_the_decoders_positions_is_refused()
    {
        var positions = DecoderModelConfig.FromFile(Path.Combine(LlmTestModels.OracleYes, "config.json")).MaxPositions;
        var manifestLimit = LlmManifests.Qwen3Reranker.MaxLength;
        Assume.That(positions, Is.LessThan(manifestLimit), "the oracle's positions are the tighter limit");

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Rerankers.Open(LlmTestModels.OracleYes,
            new RerankerOpenOptions { Method = RerankMethod.Pointwise, MaxLength = positions + 1 }));

        Assert.That(error!.Message, Does.Contain($"MaxLength {positions + 1} exceeds the {positions} tokens").And.Contain("max_position_embeddings"));
    }

    [Test]
    public void A_MaxLength_above_a_cross_encoders_positions_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Rerankers.Open(GeneratedModels.XenovaOneLabel, new RerankerOpenOptions { MaxLength = 100_000 }));
    }

    [Test]
    public void The_open_is_logged_at_information_when_a_logger_factory_is_given()
    {
        var logs = new ListLoggerFactory();

        using var opened = Rerankers.Open(GeneratedModels.XenovaOneLabel, new RerankerOpenOptions { LoggerFactory = logs });

        var (category, level, message) = logs.Entries.Single();
        Assert.That(category, Is.EqualTo("LuceneRerank.Rerankers"));
        Assert.That(level, Is.EqualTo(LogLevel.Information));
        Assert.That(message, Is.EqualTo(
            $"Opened reranker from {Path.GetFullPath(GeneratedModels.XenovaOneLabel)}: method cross-encoder, manifest (none), provider CPU, precision Auto"));
    }
}
