using LuceneRerank.Remote;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LuceneRerank.DependencyInjection;

/// <summary>
/// <c>builder.AddHttpReranker(name, …)</c>: a reranker on a rerank server (<see cref="HttpReranker"/>: Cohere-style,
/// TEI or KServe) registered like any other, a keyed singleton <see cref="Reranking.IReranker"/> created on first use
/// and disposed with the container. In configuration, a reranker section with <c>"Kind": "http"</c> is one.
/// </summary>
public static class LuceneRerankBuilderHttpExtensions
{
    /// <summary>Registers an <see cref="HttpReranker"/> with <paramref name="options"/> under <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public static LuceneRerankBuilder AddHttpReranker(this LuceneRerankBuilder builder, string name, HttpRerankerOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        return builder.AddReranker(name, _ => new HttpReranker(options));
    }

    /// <summary>Registers an <see cref="HttpReranker"/> whose <see cref="HttpRerankerSettings"/> are bound from <paramref name="section"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public static LuceneRerankBuilder AddHttpReranker(this LuceneRerankBuilder builder, string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        builder.Services.AddOptions<HttpRerankerSettings>(name).Bind(section);
        return builder.AddReranker(name, services =>
            new HttpReranker(services.GetRequiredService<IOptionsMonitor<HttpRerankerSettings>>().Get(name).ToOptions(name)));
    }

    /// <summary>Whether a reranker section says <c>"Kind": "http"</c>.</summary>
    internal static bool IsHttp(IConfiguration section) =>
        string.Equals(section["Kind"], HttpRerankerSettings.Kind, StringComparison.OrdinalIgnoreCase);
}
