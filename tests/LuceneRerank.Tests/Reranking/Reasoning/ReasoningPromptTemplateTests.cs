using System.Text.Json;
using LuceneRerank.Models;
using LuceneRerank.Reranking.Reasoning;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Reranking.Reasoning;

public sealed class ReasoningPromptTemplateTests
{
    private static ModelManifest Shipped(string file) => ModelManifestLoader.Load(Path.Combine(TestPaths.RepositoryRoot, "models", file));

    private static ModelManifest WithKey(ModelManifest manifest, string key, JsonElement value)
    {
        var other = new Dictionary<string, JsonElement>(manifest.Prompt!.Other ?? new()) { [key] = value };
        return manifest with { Prompt = manifest.Prompt with { Other = other } };
    }

    [Test]
    public void The_setwise_manifest_gives_its_set_size_tags_and_limits()
    {
        var template = ReasoningPromptTemplate.FromManifest(Shipped("rank-r1-7b.json"));

        Assert.That(template.SetSize, Is.EqualTo(20));
        Assert.That(template.AnswerFormat, Is.EqualTo(new ReasoningAnswerFormat()));
        Assert.That(template.MaxLength, Is.EqualTo(32768));
        Assert.That(template.Entry, Is.EqualTo("[{label}] {passage}\n"));
    }

    [Test]
    public void The_pointwise_manifest_gives_its_scale_and_answer_without_tags()
    {
        var template = ReasoningPromptTemplate.FromManifest(Shipped("erank-4b.json"));

        Assert.That((template.MinScore, template.MaxScore, template.ExpectedScore), Is.EqualTo((0, 10, false)));
        Assert.That(template.AnswerFormat.AnswerStart, Is.Empty);
        Assert.That(template.FallbackScore, Is.Null);
    }

    [Test]
    public void A_key_of_another_method_is_an_error_naming_it()
    {
        var manifest = WithKey(Shipped("reasonrank-7b.json"), "minScore", JsonSerializer.SerializeToElement(1));

        var error = Assert.Throws<InvalidDataException>(() => ReasoningPromptTemplate.FromManifest(manifest));

        Assert.That(error!.Message, Does.Contain("\"minScore\"").And.Contain("liuwenhan/reasonrank-7B"));
    }

    [Test]
    public void Expected_score_must_be_a_boolean()
    {
        var manifest = WithKey(Shipped("erank-4b.json"), "expectedScore", JsonSerializer.SerializeToElement("yes"));

        var error = Assert.Throws<InvalidDataException>(() => ReasoningPromptTemplate.FromManifest(manifest));

        Assert.That(error!.Message, Does.Contain("\"expectedScore\" must be true or false"));
    }

    [Test]
    public void A_fallback_score_is_read_and_a_bad_one_is_an_error()
    {
        var manifest = Shipped("erank-4b.json");

        Assert.That(ReasoningPromptTemplate.FromManifest(WithKey(manifest, "fallbackScore", JsonSerializer.SerializeToElement("-2.5"))).FallbackScore, Is.EqualTo(-2.5f));
        var error = Assert.Throws<InvalidDataException>(() => ReasoningPromptTemplate.FromManifest(WithKey(manifest, "fallbackScore", JsonSerializer.SerializeToElement("low"))));
        Assert.That(error!.Message, Does.Contain("\"fallbackScore\" must be a finite number"));
    }

    [Test]
    public void A_manifest_of_another_kind_is_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => ReasoningPromptTemplate.FromManifest(Shipped("qwen3-0.6b-listwise.json")));

        Assert.That(error!.Message, Does.Contain("llm-listwise").And.Contain("llm-setwise"));
    }
}
