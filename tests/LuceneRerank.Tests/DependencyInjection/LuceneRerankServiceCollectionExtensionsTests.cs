using Lucene.Net.Search;
using LuceneRerank.DependencyInjection;
using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;
using LuceneRerank.Tests.Rescoring;
using LuceneRerank.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LuceneRerank.Tests.DependencyInjection;

public sealed class LuceneRerankServiceCollectionExtensionsTests
{
    [Test]
    public void A_reranker_registered_by_factory_is_one_keyed_singleton_disposed_with_the_container()
    {
        var services = new ServiceCollection();
        var created = new List<DisposableReranker>();
        services.AddLuceneRerank().AddReranker("fake", _ =>
        {
            var reranker = new DisposableReranker();
            created.Add(reranker);
            return reranker;
        });

        var provider = services.BuildServiceProvider();
        var first = provider.GetRequiredKeyedService<IReranker>("fake");
        var second = provider.GetRequiredKeyedService<IReranker>("fake");

        Assert.That(second, Is.SameAs(first));
        Assert.That(created, Has.Count.EqualTo(1));
        Assert.That(provider.GetKeyedService<IReranker>("other"), Is.Null);
        provider.Dispose();
        Assert.That(created[0].Disposed, Is.True);
    }

    [Test]
    public void Rerankers_and_rescorers_come_from_configuration_by_name()
    {
        var model = GeneratedModels.XenovaOneLabel;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LuceneRerank:Rerankers:minilm:Model"] = model,
            ["LuceneRerank:Rescorers:default:Reranker"] = "minilm",
            ["LuceneRerank:Rescorers:default:Window"] = "7",
            ["LuceneRerank:Rescorers:default:Fields:0"] = "title",
            ["LuceneRerank:Rescorers:default:Fields:1"] = "text",
            ["LuceneRerank:Rescorers:default:Fusion"] = "rrf:30",
            ["LuceneRerank:Rescorers:default:BeyondWindow"] = "Drop",
            ["LuceneRerank:Rescorers:default:FailurePolicy"] = "FallBackToFirstPass",
            ["LuceneRerank:Rescorers:default:TimeBudget"] = "00:00:02",
        }).Build();

        var services = new ServiceCollection();
        var builder = services.AddLuceneRerank(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.That(builder.RerankerNames, Is.EquivalentTo(new[] { "minilm" }));
        Assert.That(builder.RescorerNames, Is.EquivalentTo(new[] { "default" }));
        var rescorer = provider.GetRequiredKeyedService<NeuralRescorer>("default");
        Assert.That(rescorer.Reranker, Is.SameAs(provider.GetRequiredKeyedService<IReranker>("minilm")));
        Assert.That(rescorer.Options.Window, Is.EqualTo(7));
        Assert.That(rescorer.Options.TextSource.Fields, Is.EqualTo(new[] { "title", "text" }));
        Assert.That(rescorer.Options.Fusion.Mode, Is.EqualTo(FusionMode.ReciprocalRank));
        Assert.That(rescorer.Options.Fusion.K, Is.EqualTo(30f));
        Assert.That(rescorer.Options.BeyondWindow, Is.EqualTo(BeyondWindowPolicy.Drop));
        Assert.That(rescorer.Options.FailurePolicy, Is.EqualTo(FailurePolicy.FallBackToFirstPass));
        Assert.That(rescorer.Options.TimeBudget, Is.EqualTo(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task A_configured_reranker_scores_as_the_model_opened_directly()
    {
        var model = GeneratedModels.XenovaOneLabel;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rerankers:minilm:Model"] = model,
            ["Rerankers:minilm:MaxLength"] = "64",
        }).Build();
        var services = new ServiceCollection();
        services.AddLuceneRerank(configuration);
        using var provider = services.BuildServiceProvider();
        string[] passages = ["the cell divides by mitosis", "a completely unrelated passage about trains", ""];

        var fromContainer = await provider.GetRequiredKeyedService<IReranker>("minilm").ScoreAsync("cell division", passages);
        using var direct = Rerankers.Open(model, new RerankerOpenOptions { MaxLength = 64 });
        var expected = await direct.ScoreAsync("cell division", passages);

        Assert.That(fromContainer, Is.EqualTo(expected));
    }

    [Test]
    public async Task A_rescorer_from_the_container_reranks_a_lucene_search()
    {
        var services = new ServiceCollection();
        services.AddLuceneRerank()
            .AddReranker("scripted", _ => new ScriptedReranker())
            .AddRescorer("default", s =>
            {
                s.Reranker = "scripted";
                s.Window = 3;
            });
        using var provider = services.BuildServiceProvider();
        using var index = TestIndex.WithTexts("apple score=1", "apple score=5", "apple score=3", "apple score=9");
        var firstPass = index.Searcher.Search(new TermQuery(new Lucene.Net.Index.Term("text", "apple")), 10);

        var rescorer = provider.GetRequiredKeyedService<NeuralRescorer>("default");
        var result = await rescorer.RescoreAsync(index.Searcher, firstPass, "apple", 10);

        var window = firstPass.ScoreDocs.Take(3).Select(d => d.Doc).ToHashSet();
        Assert.That(result.TopDocs.ScoreDocs.Take(3).Select(d => d.Doc), Is.EquivalentTo(window));
        Assert.That(result.TopDocs.ScoreDocs[3].Doc, Is.EqualTo(firstPass.ScoreDocs[3].Doc), "the hit below the window keeps its place");
        Assert.That(result.FallbackUsed, Is.False);
    }

    [Test]
    public void A_reranker_without_a_model_is_an_error_naming_its_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LuceneRerank:Rerankers:broken:Precision"] = "Int8",
        }).Build();
        var services = new ServiceCollection();
        services.AddLuceneRerank(configuration);
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredKeyedService<IReranker>("broken"));
        Assert.That(e!.Message, Does.Contain("LuceneRerank:Rerankers:broken:Model"));
    }

    [Test]
    public void A_rescorer_naming_an_unregistered_reranker_lists_the_registered_ones()
    {
        var services = new ServiceCollection();
        services.AddLuceneRerank()
            .AddReranker("scripted", _ => new ScriptedReranker())
            .AddRescorer("default", s => s.Reranker = "missing");
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredKeyedService<NeuralRescorer>("default"));
        Assert.That(e!.Message, Does.Contain("'missing'").And.Contain("scripted"));
    }

    [TestCase("Fusion", "linear:abc")]
    [TestCase("Window", "0")]
    [TestCase("TimeBudget", "-00:00:01")]
    public void An_invalid_rescorer_setting_is_an_error_naming_the_rescorer(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LuceneRerank:Rerankers:scripted:Model"] = "unused",
            ["LuceneRerank:Rescorers:bad:Reranker"] = "scripted",
            [$"LuceneRerank:Rescorers:bad:{key}"] = value,
        }).Build();
        var services = new ServiceCollection();
        services.AddLuceneRerank(configuration);
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredKeyedService<NeuralRescorer>("bad"));
        Assert.That(e!.Message, Does.Contain("LuceneRerank:Rescorers:bad:"));
    }

    [Test]
    public void A_name_registered_twice_is_refused()
    {
        var builder = new ServiceCollection().AddLuceneRerank().AddReranker("a", _ => new ScriptedReranker());

        Assert.Throws<ArgumentException>(() => builder.AddReranker("a", _ => new ScriptedReranker()));
        builder.AddRescorer("r", s => s.Reranker = "a");
        Assert.Throws<ArgumentException>(() => builder.AddRescorer("r", s => s.Reranker = "a"));
    }

    private sealed class DisposableReranker : IReranker, IDisposable
    {
        public bool Disposed { get; private set; }

        public RerankerDescription Description { get; } = new() { Name = "disposable", MaxLength = 16, ScoreMeaning = "zero" };

        public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default) =>
            Task.FromResult(new float[passages.Count]);

        public void Dispose() => Disposed = true;
    }
}
