using LuceneRerank.Reranking.Llm;

namespace LuceneRerank.Tests.Reranking.Llm;

/// <summary>An LLM reranker's name says its method once, whether or not the manifest's name already does.</summary>
public sealed class RerankerMethodNameTests
{
    [TestCase("Qwen/Qwen3-0.6B (query likelihood)", "query likelihood", "Qwen/Qwen3-0.6B (query likelihood)")]
    [TestCase("Qwen/Qwen3-0.6B (Query Likelihood)", "query likelihood", "Qwen/Qwen3-0.6B (Query Likelihood)")]
    [TestCase("my-model", "query likelihood", "my-model (query likelihood)")]
    [TestCase("Qwen/Qwen3-Reranker-0.6B", "pointwise yes/no", "Qwen/Qwen3-Reranker-0.6B (pointwise yes/no)")]
    [TestCase("likelihood model", "query likelihood", "likelihood model (query likelihood)")]
    public void The_method_is_named_once(string name, string method, string expected) =>
        Assert.That(RerankerMethodName.Of(name, method), Is.EqualTo(expected));

    [Test]
    public void The_shipped_query_likelihood_manifest_gives_a_name_without_repetition()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleCopy);
        var name = new QueryLikelihoodReranker(model, LlmManifests.QueryLikelihood).Description.Name;
        Assert.That(name, Is.EqualTo("Qwen/Qwen3-0.6B (query likelihood)"));
    }

    [Test]
    public void A_query_likelihood_manifest_without_the_method_in_its_name_gets_it_appended()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleCopy);
        var manifest = LlmManifests.QueryLikelihood with { Name = "local/tiny-lm" };
        Assert.That(new QueryLikelihoodReranker(model, manifest).Description.Name, Is.EqualTo("local/tiny-lm (query likelihood)"));
    }
}
