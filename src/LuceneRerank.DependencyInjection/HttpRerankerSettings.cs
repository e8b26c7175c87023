using LuceneRerank.Remote;

namespace LuceneRerank.DependencyInjection;

/// <summary>
/// The settings of a reranker on a rerank server (<see cref="HttpReranker"/>), bindable from configuration: a
/// <c>LuceneRerank:Rerankers:NAME</c> section with <c>"Kind": "http"</c>. Unset values keep
/// <see cref="HttpRerankerOptions"/>' defaults.
/// </summary>
public sealed class HttpRerankerSettings
{
    /// <summary>The kind that marks a reranker section as an HTTP reranker: <c>"Kind": "http"</c>.</summary>
    public const string Kind = "http";

    /// <summary>See <see cref="HttpRerankerOptions.Endpoint"/>. Required.</summary>
    public string? Endpoint { get; set; }

    /// <summary>See <see cref="HttpRerankerOptions.Protocol"/> (<c>Cohere</c>, <c>Tei</c>, <c>KServe</c>).</summary>
    public RerankProtocol Protocol { get; set; } = RerankProtocol.Cohere;

    /// <summary>See <see cref="HttpRerankerOptions.Model"/>.</summary>
    public string? Model { get; set; }

    /// <summary>The environment variable holding the API key (keys do not belong in configuration files); none when unset.</summary>
    public string? ApiKeyEnvironmentVariable { get; set; }

    /// <summary>See <see cref="HttpRerankerOptions.AllowApiKeyOverHttp"/>.</summary>
    public bool AllowApiKeyOverHttp { get; set; }

    /// <summary>See <see cref="HttpRerankerOptions.Timeout"/>.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>See <see cref="HttpRerankerOptions.MaxDocumentsPerRequest"/>.</summary>
    public int? MaxDocumentsPerRequest { get; set; }

    /// <summary>See <see cref="HttpRerankerOptions.MaxParallelRequests"/>.</summary>
    public int? MaxParallelRequests { get; set; }

    /// <summary>See <see cref="HttpRerankerOptions.MaxRetries"/>.</summary>
    public int? MaxRetries { get; set; }

    /// <summary>See <see cref="HttpRerankerOptions.CircuitBreakerFailures"/>.</summary>
    public int? CircuitBreakerFailures { get; set; }

    /// <summary>See <see cref="HttpRerankerOptions.CircuitBreakerBreakDuration"/>.</summary>
    public TimeSpan? CircuitBreakerBreakDuration { get; set; }

    /// <summary>See <see cref="HttpRerankerOptions.MaxLength"/>.</summary>
    public int? MaxLength { get; set; }

    /// <summary>KServe: see <see cref="KServeOptions.TokenizerDirectory"/> (required for that protocol).</summary>
    public string? TokenizerDirectory { get; set; }

    /// <summary>KServe: see <see cref="KServeOptions.BinaryTensors"/>.</summary>
    public bool BinaryTensors { get; set; }

    /// <summary>The reranker's options.</summary>
    /// <param name="name">The reranker's registration name, for error messages.</param>
    /// <exception cref="InvalidOperationException">The endpoint is missing or not a URL, or the API key variable is not set; the message names the setting.</exception>
    public HttpRerankerOptions ToOptions(string name)
    {
        if (string.IsNullOrWhiteSpace(Endpoint) || !Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint))
        {
            throw new InvalidOperationException(
                $"LuceneRerank reranker '{name}' has no usable Endpoint ('{Endpoint}'): set LuceneRerank:Rerankers:{name}:Endpoint to the server's absolute URL.");
        }

        string? apiKey = null;
        if (ApiKeyEnvironmentVariable is not null)
        {
            apiKey = Environment.GetEnvironmentVariable(ApiKeyEnvironmentVariable);
            if (string.IsNullOrWhiteSpace(apiKey))
            {
                throw new InvalidOperationException(
                    $"LuceneRerank reranker '{name}': the environment variable {ApiKeyEnvironmentVariable} (ApiKeyEnvironmentVariable) is not set or empty.");
            }
        }

        var defaults = new HttpRerankerOptions { Endpoint = endpoint };
        return new HttpRerankerOptions
        {
            Endpoint = endpoint,
            Protocol = Protocol,
            Model = Model,
            ApiKey = apiKey,
            AllowApiKeyOverHttp = AllowApiKeyOverHttp,
            Timeout = Timeout ?? defaults.Timeout,
            MaxDocumentsPerRequest = MaxDocumentsPerRequest ?? defaults.MaxDocumentsPerRequest,
            MaxParallelRequests = MaxParallelRequests ?? defaults.MaxParallelRequests,
            MaxRetries = MaxRetries ?? defaults.MaxRetries,
            CircuitBreakerFailures = CircuitBreakerFailures ?? defaults.CircuitBreakerFailures,
            CircuitBreakerBreakDuration = CircuitBreakerBreakDuration ?? defaults.CircuitBreakerBreakDuration,
            MaxLength = MaxLength,
            Description = name,
            KServe = TokenizerDirectory is null ? null : new KServeOptions { TokenizerDirectory = TokenizerDirectory, BinaryTensors = BinaryTensors },
        };
    }
}
