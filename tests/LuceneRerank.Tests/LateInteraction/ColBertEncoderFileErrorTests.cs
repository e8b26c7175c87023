using System.Text.Json.Nodes;
using LuceneRerank.LateInteraction;
using LuceneRerank.Testing;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.LateInteraction;

/// <summary>Missing, incomplete and contradicting ColBERT model files give errors that name the file and the field.</summary>
public sealed class ColBertEncoderFileErrorTests
{
    [Test]
    public void MissingDirectoryModelTokenizerOrConfigAreNamed()
    {
        Assert.Throws<DirectoryNotFoundException>(() => ColBertEncoder.Load(Path.Combine(TestPaths.NewTempDirectory(), "absent")));

        var noModel = GeneratedModels.CopyToTemp(GeneratedColBertModels.ColBertV2Layout);
        File.Delete(Path.Combine(noModel, "model.onnx"));
        Assert.That(Assert.Throws<FileNotFoundException>(() => ColBertEncoder.Load(noModel))!.Message, Does.Contain("onnx/model.onnx"));

        var noVocabulary = GeneratedModels.CopyToTemp(GeneratedColBertModels.ColBertV2Layout);
        File.Delete(Path.Combine(noVocabulary, "vocab.txt"));
        Assert.That(Assert.Throws<FileNotFoundException>(() => ColBertEncoder.Load(noVocabulary))!.Message, Does.Contain("vocab.txt"));

        var noConfig = GeneratedModels.CopyToTemp(GeneratedColBertModels.ColBertV2Layout);
        File.Delete(Path.Combine(noConfig, "artifact.metadata"));
        Assert.That(Assert.Throws<FileNotFoundException>(() => ColBertEncoder.Load(noConfig))!.Message,
            Does.Contain("artifact.metadata").And.Contain("config_sentence_transformers.json"));
    }

    [TestCase("query_length")]
    [TestCase("document_length")]
    [TestCase("query_prefix")]
    public void PyLateConfigWithoutARequiredSettingIsRefused(string field)
    {
        var model = Edit(GeneratedColBertModels.PyLateLayout, "config_sentence_transformers.json", json => json.Remove(field));
        var error = Assert.Throws<InvalidDataException>(() => ColBertEncoder.Load(model));
        Assert.That(error!.Message, Does.Contain("config_sentence_transformers.json").And.Contain($"\"{field}\""));
    }

    [Test]
    public void WrongTypesAndUnsupportedSimilarityAreRefused()
    {
        var badLength = Edit(GeneratedColBertModels.ColBertV2Layout, "artifact.metadata", json => json["query_maxlen"] = "32");
        Assert.That(Assert.Throws<InvalidDataException>(() => ColBertEncoder.Load(badLength))!.Message, Does.Contain("\"query_maxlen\" is \"32\""));

        var badBool = Edit(GeneratedColBertModels.PyLateLayout, "config_sentence_transformers.json", json => json["do_query_expansion"] = 1);
        Assert.That(Assert.Throws<InvalidDataException>(() => ColBertEncoder.Load(badBool))!.Message, Does.Contain("do_query_expansion"));

        var l2 = Edit(GeneratedColBertModels.ColBertV2Layout, "artifact.metadata", json => json["similarity"] = "l2");
        Assert.That(Assert.Throws<InvalidDataException>(() => ColBertEncoder.Load(l2))!.Message, Does.Contain("\"similarity\" is \"l2\""));

        var skiplist = Edit(GeneratedColBertModels.PyLateLayout, "config_sentence_transformers.json", json => json["skiplist_words"] = 5);
        Assert.That(Assert.Throws<InvalidDataException>(() => ColBertEncoder.Load(skiplist))!.Message, Does.Contain("skiplist_words"));
    }

    [Test]
    public void MarkerOutsideTheVocabularyIsRefused()
    {
        var model = Edit(GeneratedColBertModels.PyLateLayout, "config_sentence_transformers.json", json => json["query_prefix"] = "[QueryMarker]");
        var error = Assert.Throws<InvalidDataException>(() => ColBertEncoder.Load(model));
        Assert.That(error!.Message, Does.Contain("query marker '[QueryMarker]'"));
    }

    [Test]
    public void ContradictingConfigFilesAreRefusedUnlessALayoutIsChosen()
    {
        var model = GeneratedModels.CopyToTemp(GeneratedColBertModels.ColBertV2Layout);
        File.WriteAllText(Path.Combine(model, "config_sentence_transformers.json"),
            """{"query_prefix": "[unused0]", "document_prefix": "[unused1]", "query_length": 40, "document_length": 64, "attend_to_expansion_tokens": false}""");
        var error = Assert.Throws<InvalidDataException>(() => ColBertEncoder.Load(model));
        Assert.That(error!.Message, Does.Contain("contradict").And.Contain("query length").And.Contain("32").And.Contain("40"));

        using var colbert = ColBertEncoder.Load(model, new ColBertEncoderOptions { Layout = ColBertLayout.ColBertV2 });
        Assert.That(colbert.QueryLength, Is.EqualTo(32));
        using var pylate = ColBertEncoder.Load(model, new ColBertEncoderOptions { Layout = ColBertLayout.PyLate });
        Assert.That(pylate.QueryLength, Is.EqualTo(40));
    }

    [Test]
    public void AgreeingConfigFilesAreAccepted()
    {
        var model = GeneratedModels.CopyToTemp(GeneratedColBertModels.ColBertV2Layout);
        File.WriteAllText(Path.Combine(model, "config_sentence_transformers.json"),
            """{"query_prefix": "[unused0]", "document_prefix": "[unused1]", "query_length": 32, "document_length": 64, "skiplist_words": ["!"]}""");
        using var encoder = ColBertEncoder.Load(model);
        Assert.That(encoder.Layout, Is.EqualTo(ColBertLayout.PyLate));
        Assert.That(string.Join("\n", encoder.Notes), Does.Contain("do_query_expansion=true"), "defaults are named");
    }

    [Test]
    public void BadOptionsAreRefused()
    {
        var model = GeneratedColBertModels.ColBertV2Layout;
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => ColBertEncoder.Load(model, new ColBertEncoderOptions { QueryLength = 3 }));
            Assert.Throws<ArgumentException>(() => ColBertEncoder.Load(model, new ColBertEncoderOptions { MaxTokensPerBatch = 0 }));
            var beyond = Assert.Throws<ArgumentException>(() => ColBertEncoder.Load(model, new ColBertEncoderOptions { DocumentLength = 129 }));
            Assert.That(beyond!.Message, Does.Contain("128 positions").And.Contain("max_position_embeddings"));
        });
    }

    [Test]
    public void NullTextsAreRefused()
    {
        using var encoder = ColBertEncoder.Load(GeneratedColBertModels.ColBertV2Layout);
        Assert.Throws<ArgumentNullException>(() => encoder.EncodeQuery(null!));
        Assert.That(Assert.Throws<ArgumentException>(() => encoder.EncodeDocuments(["a", null!]))!.Message, Does.Contain("documents[1]"));
        Assert.That(encoder.EncodeDocuments([]), Is.Empty);
    }

    private static string Edit(string source, string file, Action<JsonObject> change)
    {
        var model = GeneratedModels.CopyToTemp(source);
        var path = Path.Combine(model, file);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        change(json);
        File.WriteAllText(path, json.ToJsonString());
        return model;
    }
}
