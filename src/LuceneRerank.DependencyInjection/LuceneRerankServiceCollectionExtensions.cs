using LuceneRerank.DependencyInjection;
using Microsoft.Extensions.Configuration;

// The extension lives in the DI namespace, as Microsoft.Extensions.* packages do, so it is found without a using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary><c>services.AddLuceneRerank(...)</c>: LuceneRerank's rerankers and rescorers in a service collection.</summary>
public static class LuceneRerankServiceCollectionExtensions
{
    /// <summary>The configuration section read by <see cref="AddLuceneRerank(IServiceCollection, IConfiguration)"/>
    /// when given the configuration root.</summary>
    public const string SectionName = "LuceneRerank";

    /// <summary>Starts registering rerankers and rescorers in code.</summary>
    /// <example><code>
    /// services.AddLuceneRerank()
    ///     .AddReranker("minilm", "ms-marco-MiniLM-L-6-v2", new RerankerOpenOptions { ModelDirectory = "models/minilm" })
    ///     .AddRescorer("default", s => { s.Reranker = "minilm"; s.Fields = ["title", "text"]; s.Window = 100; });
    /// </code></example>
    public static LuceneRerankBuilder AddLuceneRerank(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new LuceneRerankBuilder(services);
    }

    /// <summary>
    /// Registers every reranker under <c>Rerankers</c> and every rescorer under <c>Rescorers</c> of
    /// <paramref name="configuration"/> (the <c>LuceneRerank</c> section, or a root that holds one), each by its key.
    /// A reranker section with <c>"Kind": "http"</c> is a rerank server (<see cref="HttpRerankerSettings"/>).
    /// </summary>
    /// <example><code>
    /// "LuceneRerank": {
    ///   "Rerankers": { "minilm": { "Model": "ms-marco-MiniLM-L-6-v2", "ModelDirectory": "models/minilm", "Precision": "Int8" } },
    ///   "Rescorers": { "default": { "Reranker": "minilm", "Window": 100, "Fields": [ "title", "text" ],
    ///                               "FailurePolicy": "FallBackToFirstPass", "TimeBudget": "00:00:00.500" } }
    /// }
    /// </code></example>
    public static LuceneRerankBuilder AddLuceneRerank(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddLuceneRerank();
        var section = configuration.GetSection(SectionName) is { } nested && nested.GetChildren().Any() ? nested : configuration;
        foreach (var reranker in section.GetSection("Rerankers").GetChildren())
        {
            if (LuceneRerankBuilderHttpExtensions.IsHttp(reranker))
            {
                builder.AddHttpReranker(reranker.Key, reranker);
            }
            else
            {
                builder.AddReranker(reranker.Key, reranker);
            }
        }

        foreach (var rescorer in section.GetSection("Rescorers").GetChildren())
        {
            builder.AddRescorer(rescorer.Key, rescorer);
        }

        return builder;
    }
}
