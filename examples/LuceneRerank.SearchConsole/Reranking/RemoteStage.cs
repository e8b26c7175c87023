using LuceneRerank.Remote;

namespace LuceneRerank.SearchConsole.Reranking;

/// <summary>
/// A stage scored by a rerank server (<c>--reranker http</c>, or an <c>http</c> <c>--stage</c>): an
/// <see cref="HttpReranker"/> with the endpoint, protocol, model name, API key variable and (KServe) tokenizer folder.
/// </summary>
/// <param name="Endpoint">The URL: the rerank route (Cohere-style, TEI) or the server's root (KServe).</param>
/// <param name="Protocol">The server's protocol.</param>
/// <param name="Model">The model name sent (Cohere-style) or served (KServe), or null.</param>
/// <param name="ApiKeyVariable">The environment variable holding the API key, or null for no key.</param>
/// <param name="TokenizerDirectory">KServe: the served model's tokenizer folder.</param>
internal sealed record RemoteStage(Uri Endpoint, RerankProtocol Protocol, string? Model = null, string? ApiKeyVariable = null, string? TokenizerDirectory = null)
{
    /// <summary>The protocol names the console accepts.</summary>
    public static readonly string[] ProtocolNames = ["cohere", "tei", "kserve"];

    /// <summary>The protocol named <paramref name="name"/>; <see cref="FormatException"/> lists the known ones.</summary>
    public static RerankProtocol ParseProtocol(string name) => name.ToLowerInvariant() switch
    {
        "cohere" => RerankProtocol.Cohere,
        "tei" => RerankProtocol.Tei,
        "kserve" => RerankProtocol.KServe,
        _ => throw new FormatException($"unknown protocol '{name}'; known protocols: {string.Join(", ", ProtocolNames)}"),
    };

    /// <summary>An absolute http or https URL; <see cref="FormatException"/> otherwise.</summary>
    public static Uri ParseEndpoint(string text, string what) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new FormatException($"{what} '{text}' is not an absolute http:// or https:// URL");

    /// <summary>A short name for run tags: <c>http-PROTOCOL[-MODEL]</c>.</summary>
    public string TagName => "http-" + Protocol.ToString().ToLowerInvariant() + (Model is null ? "" : "-" + Model);

    /// <summary>Creates the reranker.</summary>
    /// <exception cref="InvalidOperationException">The API key variable is not set.</exception>
    /// <exception cref="ArgumentException">The options cannot work (for example KServe without a tokenizer folder).</exception>
    public HttpReranker Open()
    {
        string? apiKey = null;
        if (ApiKeyVariable is not null)
        {
            apiKey = Environment.GetEnvironmentVariable(ApiKeyVariable);
            if (string.IsNullOrWhiteSpace(apiKey))
            {
                throw new InvalidOperationException($"--api-key-env: the environment variable {ApiKeyVariable} is not set or empty");
            }
        }

        return new HttpReranker(new HttpRerankerOptions
        {
            Endpoint = Endpoint,
            Protocol = Protocol,
            Model = Model,
            ApiKey = apiKey,
            KServe = Protocol == RerankProtocol.KServe
                ? new KServeOptions
                {
                    TokenizerDirectory = TokenizerDirectory
                        ?? throw new ArgumentException("--protocol kserve needs the served model's tokenizer folder: --model DIR or --tokenizer DIR"),
                }
                : null,
        });
    }
}
