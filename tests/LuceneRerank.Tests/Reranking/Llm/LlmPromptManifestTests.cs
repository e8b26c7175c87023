using LuceneRerank.Reranking.Llm;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Reranking.Llm;

/// <summary>Reading prompt manifests: the shipped ones, and malformed ones reported by name.</summary>
public sealed class LlmPromptManifestTests
{
    [Test]
    public void ShippedQwen3RerankerManifestHasTheQwen3RerankerPrompt()
    {
        var pointwise = LlmManifests.Qwen3Reranker.Pointwise!;
        Assert.That(pointwise.Body, Is.EqualTo("<Instruct>: {instruction}\n<Query>: {query}\n<Document>: {document}"));
        Assert.That(pointwise.Suffix, Is.EqualTo("<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n"));
        Assert.That((pointwise.YesToken, pointwise.NoToken), Is.EqualTo(("yes", "no")));
        Assert.That(LlmManifests.QueryLikelihood.QueryLikelihood!.Aggregation, Is.EqualTo(QueryLikelihoodAggregation.Mean));
    }

    [Test]
    public void MalformedJsonNamesTheFile()
    {
        var folder = TestPaths.NewTempDirectory();
        try
        {
            var path = Path.Combine(folder, "broken.llm.json");
            File.WriteAllText(path, "{ \"name\": \"x\", \"pointwise\": { \"body\": ");
            var error = Assert.Throws<InvalidDataException>(() => LlmPromptManifest.Load(path));
            Assert.That(error!.Message, Does.Contain(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void BodyWithoutDocumentPlaceholderIsRefused()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        var manifest = LlmManifests.Qwen3Reranker with { Pointwise = LlmManifests.Qwen3Reranker.Pointwise! with { Body = "<Query>: {query}" } };
        var error = Assert.Throws<InvalidDataException>(() => _ = new PointwiseReranker(model, manifest));
        Assert.That(error!.Message, Does.Contain("{document} exactly once"));
    }
}
