using LuceneRerank.DependencyInjection;
using LuceneRerank.Remote;
using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;
using LuceneRerank.Tests.Remote;
using LuceneRerank.Tests.Rescoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LuceneRerank.Tests.DependencyInjection;

/// <summary><c>AddHttpReranker</c> in code and <c>"Kind": "http"</c> in configuration: a rerank server on 127.0.0.1 behind a keyed reranker and a rescorer.</summary>
public sealed class LuceneRerankBuilderHttpExtensionsTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(20);

    [Test]
    public async Task An_http_reranker_registered_in_code_scores_on_the_server_and_is_disposed_with_the_container()
    {
        using var server = new LoopbackRerankServer(RerankAnswers.Cohere);
        var services = new ServiceCollection();
        services.AddLuceneRerank().AddHttpReranker("remote", new HttpRerankerOptions { Endpoint = server.Url("v1/rerank"), Model = "m" });
        var provider = services.BuildServiceProvider();

        var reranker = provider.GetRequiredKeyedService<IReranker>("remote");
        var scores = await reranker.ScoreAsync("q", RerankAnswers.Passages(3)).WaitAsync(s_bound);

        Assert.That(reranker, Is.TypeOf<HttpReranker>());
        Assert.That(scores, Is.EqualTo(new[] { 0.5f, 1.5f, 2.5f }));
        provider.Dispose();
        Assert.That(() => reranker.ScoreAsync("q", ["p"]), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public async Task A_reranker_section_of_kind_http_binds_the_server_settings_and_serves_a_rescorer()
    {
        using var server = new LoopbackRerankServer(RerankAnswers.Tei);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LuceneRerank:Rerankers:gpu:Kind"] = "http",
            ["LuceneRerank:Rerankers:gpu:Endpoint"] = server.Url("rerank").ToString(),
            ["LuceneRerank:Rerankers:gpu:Protocol"] = "Tei",
            ["LuceneRerank:Rerankers:gpu:MaxDocumentsPerRequest"] = "2",
            ["LuceneRerank:Rerankers:gpu:CircuitBreakerFailures"] = "3",
            ["LuceneRerank:Rerankers:gpu:Timeout"] = "00:00:05",
            ["LuceneRerank:Rescorers:default:Reranker"] = "gpu",
            ["LuceneRerank:Rescorers:default:Fields:0"] = "text",
        }).Build();
        var services = new ServiceCollection();
        services.AddLuceneRerank(configuration);
        using var provider = services.BuildServiceProvider();

        var reranker = (HttpReranker)provider.GetRequiredKeyedService<IReranker>("gpu");
        using var index = TestIndex.WithTexts("a score=1", "b score=5", "c score=3");
        var result = await provider.GetRequiredKeyedService<NeuralRescorer>("default")
            .RescoreAsync(index.Searcher, TestIndex.FirstPass(3, (0, 3f), (1, 2f), (2, 1f)), "q", 3).WaitAsync(s_bound);

        Assert.That(reranker.Options.Protocol, Is.EqualTo(RerankProtocol.Tei));
        Assert.That(reranker.Options.MaxDocumentsPerRequest, Is.EqualTo(2));
        Assert.That(reranker.Options.CircuitBreakerFailures, Is.EqualTo(3));
        Assert.That(reranker.Options.Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(reranker.Options.MaxRetries, Is.EqualTo(new HttpRerankerOptions { Endpoint = server.BaseUrl }.MaxRetries), "unset: the default");
        Assert.That(result.TopDocs.ScoreDocs.Select(d => d.Doc), Is.EqualTo(new[] { 1, 2, 0 }));
        Assert.That(server.Requests, Has.Count.EqualTo(2));
    }

    [TestCase(null, "has no usable Endpoint")]
    [TestCase("not a url", "has no usable Endpoint ('not a url')")]
    public void An_http_reranker_without_a_usable_endpoint_names_the_setting(string? endpoint, string problem)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LuceneRerank:Rerankers:gpu:Kind"] = "http",
            ["LuceneRerank:Rerankers:gpu:Endpoint"] = endpoint,
        }).Build();
        var services = new ServiceCollection();
        services.AddLuceneRerank(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.That(() => provider.GetRequiredKeyedService<IReranker>("gpu"),
            Throws.InvalidOperationException.With.Message.Contains(problem).And.Message.Contains("LuceneRerank:Rerankers:gpu:Endpoint"));
    }

    [Test]
    public void An_api_key_variable_that_is_not_set_is_named()
    {
        var settings = new HttpRerankerSettings { Endpoint = "https://rerank.example/v1/rerank", ApiKeyEnvironmentVariable = "LRR_TEST_UNSET_KEY_VARIABLE" };

        Assert.That(() => settings.ToOptions("hosted"),
            Throws.InvalidOperationException.With.Message.Contains("LRR_TEST_UNSET_KEY_VARIABLE (ApiKeyEnvironmentVariable) is not set"));
    }
}
