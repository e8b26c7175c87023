using LuceneRerank.Models;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Testing;
using LuceneRerank.Tests.Text;

namespace LuceneRerank.Tests.Reranking.Llm;

/// <summary>Reading LLM prompts from model manifests: the shipped ones, and malformed ones reported by name.</summary>
public sealed class LlmPromptTemplateTests
{
    [Test]
    public void ShippedQwen3RerankerManifestHasTheQwen3RerankerPrompt()
    {
        var pointwise = PointwisePromptTemplate.FromManifest(LlmManifests.Qwen3Reranker);
        Assert.That(pointwise.Body, Is.EqualTo("<Instruct>: {instruction}\n<Query>: {query}\n<Document>: {document}"));
        Assert.That(pointwise.Suffix, Is.EqualTo("<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n"));
        Assert.That((pointwise.YesToken, pointwise.NoToken), Is.EqualTo(("yes", "no")));
        Assert.That(pointwise.InsertRankBody, Does.Contain("{first_stage_score}"));
        Assert.That(QueryLikelihoodPromptTemplate.FromManifest(LlmManifests.QueryLikelihood).Aggregation, Is.EqualTo(QueryLikelihoodAggregation.Mean));
    }

    [Test]
    public void MalformedJsonNamesTheFile()
    {
        var folder = TestPaths.NewTempDirectory();
        try
        {
            var path = Path.Combine(folder, "broken.json");
            File.WriteAllText(path, "{ \"name\": \"x\", \"prompt\": { \"template\": ");
            var error = Assert.Throws<ModelManifestException>(() => ModelManifestLoader.Load(path));
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
        var manifest = LlmManifests.Qwen3Reranker with { Prompt = LlmManifests.Qwen3Reranker.Prompt! with { Template = "<Query>: {query}" } };
        var error = Assert.Throws<InvalidDataException>(() => _ = new PointwiseReranker(model, manifest));
        Assert.That(error!.Message, Does.Contain("{document} exactly once"));
    }

    [Test]
    public void AMisspeltPlaceholderIsRefusedNotSentToTheModelVerbatim()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        var manifest = LlmManifests.Qwen3Reranker with { Prompt = LlmManifests.Qwen3Reranker.Prompt! with { Template = "<Query>: {querry}\n<Document>: {document}" } };
        var error = Assert.Throws<InvalidDataException>(() => _ = new PointwiseReranker(model, manifest));
        Assert.That(error!.Message, Does.Contain("Qwen/Qwen3-Reranker-0.6B").And.Contain("prompt.template").And.Contain("'{querry}'"));

        var scoreOutsideInsertRank = LlmManifests.Qwen3Reranker with { Prompt = LlmManifests.Qwen3Reranker.Prompt! with { Template = "{first_stage_score} {query} {document}" } };
        Assert.That(() => new PointwiseReranker(model, scoreOutsideInsertRank), Throws.InstanceOf<InvalidDataException>().With.Message.Contain("'{first_stage_score}'"));
    }

    [Test]
    public void AQueryLikelihoodContinuationWithoutTheQueryIsRefused()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleCopy);
        var manifest = LlmManifests.WithPromptKey(LlmManifests.QueryLikelihood, "continuation", " relevant");
        var error = Assert.Throws<InvalidDataException>(() => _ = new QueryLikelihoodReranker(model, manifest));
        Assert.That(error!.Message, Does.Contain("prompt.continuation").And.Contain("{query}"));
    }

    [Test]
    public void DoubledBracesInABodyAreLiteralBraces()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        var manifest = LlmManifests.Qwen3Reranker with { Prompt = LlmManifests.Qwen3Reranker.Prompt! with { Template = "{{\"q\": \"{query}\"}} {document}" } };
        var prompt = new PointwiseReranker(model, manifest).BuildPrompt("p53", "cells");
        Assert.That(Qwen3TestTokenizer.Instance.Decode(prompt.Ids), Does.Contain("{\"q\": \"p53\"} cells"));
    }

    [Test]
    public void AnUnknownPromptKeyIsNamed()
    {
        var manifest = LlmManifests.WithPromptKey(LlmManifests.Qwen3Reranker, "insertRankBody", "{first_stage_score} {document}");
        var error = Assert.Throws<InvalidDataException>(() => PointwisePromptTemplate.FromManifest(manifest));
        Assert.That(error!.Message, Does.Contain("Qwen/Qwen3-Reranker-0.6B").And.Contain("unknown key(s) \"insertRankBody\"").And.Contain("\"insertRankTemplate\""));
    }

    [Test]
    public void AMisspeltLabelRoleIsNamedNotReplacedByTheDefault()
    {
        var manifest = LlmManifests.Qwen3Reranker with { Prompt = LlmManifests.Qwen3Reranker.Prompt! with { Labels = new Dictionary<string, string> { ["yes"] = "Yes", ["No"] = "No" } } };
        var error = Assert.Throws<InvalidDataException>(() => PointwisePromptTemplate.FromManifest(manifest));
        Assert.That(error!.Message, Does.Contain("unknown label role(s) \"No\"").And.Contain("\"yes\", \"no\""));
    }

    [Test]
    public void AManifestOfAnotherKindIsRefused()
    {
        var error = Assert.Throws<InvalidDataException>(() => PointwisePromptTemplate.FromManifest(LlmManifests.QueryLikelihood));
        Assert.That(error!.Message, Does.Contain("kind 'llm-query-likelihood'").And.Contain("'llm-pointwise'"));
    }

    [Test]
    public void AnUnknownAggregationIsNamed()
    {
        var manifest = LlmManifests.WithPromptKey(LlmManifests.QueryLikelihood, "aggregation", "median");
        var error = Assert.Throws<InvalidDataException>(() => QueryLikelihoodPromptTemplate.FromManifest(manifest));
        Assert.That(error!.Message, Does.Contain("\"median\""));
    }
}
