using LuceneRerank.Models;

namespace LuceneRerank.Tests.Models;

public sealed class ModelManifestLoaderTests
{
    private const string Valid = """
        {
          "schemaVersion": 1,
          "name": "test/model",
          "kind": "llm-pointwise",
          "source": { "repository": "test/model", "revision": "main" },
          "licence": "MIT",
          "maxLength": 128,
          "scoreMeaning": "log p(yes)",
          "checksumStatus": "unpinned: verify on first download",
          "files": [ { "path": "onnx/model.onnx", "sha256": null } ],
          "prompt": {
            "template": "Query: {query} Document: {document}",
            "labels": { "yes": "yes", "no": "no" },
            "labelTokenIds": { "yes": 9693, "no": 2152 },
            "answerPrefix": "<|im_start|>assistant"
          },
          "extra": { "anything": [1, 2, 3] }
        }
        """;

    [Test]
    public void ParsesTypedAndOpenPromptKeys()
    {
        var manifest = ModelManifestLoader.Parse(Valid, "test.json");

        Assert.That(manifest.Prompt!.Template, Is.EqualTo("Query: {query} Document: {document}"));
        Assert.That(manifest.Prompt.Labels!["yes"], Is.EqualTo("yes"));
        Assert.That(manifest.Prompt.GetString("answerPrefix"), Is.EqualTo("<|im_start|>assistant"));
        Assert.That(manifest.Prompt.Other!["labelTokenIds"].GetProperty("no").GetInt32(), Is.EqualTo(2152));
        Assert.That(manifest.Extra!.Value.GetProperty("anything").GetArrayLength(), Is.EqualTo(3));
        Assert.That(manifest.FileUrl(manifest.Files[0]).AbsoluteUri,
            Is.EqualTo("https://huggingface.co/test/model/resolve/main/onnx/model.onnx"));
        Assert.That(manifest.FileUrl(manifest.Files[0], new Uri("http://127.0.0.1:9/mirror")).AbsoluteUri,
            Is.EqualTo("http://127.0.0.1:9/mirror/onnx/model.onnx"));
    }

    [Test]
    public void SerializedCopyLoadsBackEqual()
    {
        var manifest = ModelManifestLoader.Parse(Valid, "test.json");
        var again = ModelManifestLoader.Parse(ModelManifestLoader.Serialize(manifest), "copy.json");
        Assert.That(again.Name, Is.EqualTo(manifest.Name));
        Assert.That(again.Prompt!.GetString("answerPrefix"), Is.EqualTo("<|im_start|>assistant"));
        Assert.That(again.Files.Single().Path, Is.EqualTo("onnx/model.onnx"));
    }

    [Test]
    public void UnknownTopLevelKeyIsNamedWithItsLine()
    {
        var json = Valid.Replace("\"licence\": \"MIT\",", "\"license\": \"MIT\",");
        var error = Assert.Throws<ModelManifestException>(() => ModelManifestLoader.Parse(json, "typo.json"));
        Assert.That(error!.Message, Does.StartWith("typo.json:").And.Contain("license").And.Contain("line 6"));
    }

    [Test]
    public void BrokenJsonNamesFileAndLine()
    {
        var error = Assert.Throws<ModelManifestException>(() => ModelManifestLoader.Parse("{\n  \"name\": \"x\",\n  oops\n}", "broken.json"));
        Assert.That(error!.Message, Does.StartWith("broken.json:").And.Contain("line 3"));
    }

    [TestCase("\"kind\": \"llm-pointwise\"", "\"kind\": \"llm-pointwize\"", "kind 'llm-pointwize' is not one of cross-encoder, llm-pointwise")]
    [TestCase("\"prompt\": {", "\"promptless\": true, \"extra2\": {", "promptless")]
    [TestCase("\"maxLength\": 128", "\"maxLength\": 0", "maxLength")]
    [TestCase("\"licence\": \"MIT\",", "", "licence is missing")]
    [TestCase("\"schemaVersion\": 1", "\"schemaVersion\": 2", "schemaVersion must be 1")]
    [TestCase("\"path\": \"onnx/model.onnx\"", "\"path\": \"../model.onnx\"", "'../model.onnx'")]
    [TestCase("\"path\": \"onnx/model.onnx\"", "\"path\": \"/etc/model.onnx\"", "'/etc/model.onnx'")]
    [TestCase("\"sha256\": null", "\"sha256\": \"ABC\"", "64 lower-case hexadecimal")]
    [TestCase("\"checksumStatus\": \"unpinned: verify on first download\",", "", "checksumStatus")]
    [TestCase("\"source\": { \"repository\": \"test/model\", \"revision\": \"main\" }", "\"source\": { \"baseUrl\": \"http://x.org/\" }", "https")]
    [TestCase("\"files\": [ { \"path\": \"onnx/model.onnx\", \"sha256\": null } ]", "\"files\": []", "at least one file")]
    public void InvalidManifestNamesTheProblem(string from, string to, string expected)
    {
        var json = Valid.Replace(from, to);
        Assert.That(json, Is.Not.EqualTo(Valid), "the test case must change the manifest");
        var error = Assert.Throws<ModelManifestException>(() => ModelManifestLoader.Parse(json, "bad.json"));
        Assert.That(error!.Message, Does.StartWith("bad.json:").And.Contain(expected));
    }

    [Test]
    public void RerankerKindWithoutPromptIsRefused()
    {
        var start = Valid.IndexOf("\"prompt\": {", StringComparison.Ordinal);
        var end = Valid.IndexOf("\"extra\"", StringComparison.Ordinal);
        var json = Valid.Remove(start, end - start);
        var error = Assert.Throws<ModelManifestException>(() => ModelManifestLoader.Parse(json, "noprompt.json"));
        Assert.That(error!.Message, Does.Contain("kind 'llm-pointwise' needs a prompt section"));
        Assert.That(ModelManifestLoader.Parse(json.Replace("\"llm-pointwise\"", "\"cross-encoder\""), "ce.json").Prompt, Is.Null);
    }

    [Test]
    public void MissingFileIsReported()
    {
        var error = Assert.Throws<ModelManifestException>(() => ModelManifestLoader.Load("/nonexistent/manifest.json"));
        Assert.That(error!.Message, Does.Contain("/nonexistent/manifest.json").And.Contain("not found"));
    }
}
