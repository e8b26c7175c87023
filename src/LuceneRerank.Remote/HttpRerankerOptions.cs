namespace LuceneRerank.Remote;

/// <summary>Where and how an <see cref="HttpReranker"/> reaches its rerank server. Immutable; checked by the reranker's constructor.</summary>
public sealed class HttpRerankerOptions
{
    /// <summary>
    /// The full URL requests are posted to, for example <c>http://gpu-box:8080/rerank</c> (TEI) or
    /// <c>https://api.cohere.com/v2/rerank</c>, <c>http://vllm:8000/v1/rerank</c> (Cohere-style); for
    /// <see cref="RerankProtocol.KServe"/> the server's root, for example <c>http://triton:8000/</c> (requests go to
    /// <c>v2/models/{Model}/infer</c> under it). Must be absolute http or https.
    /// </summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The JSON protocol the server speaks. Default <see cref="RerankProtocol.Cohere"/>.</summary>
    public RerankProtocol Protocol { get; init; } = RerankProtocol.Cohere;

    /// <summary>
    /// The model name sent in the Cohere-style body (<c>"model"</c>); TEI serves one model and ignores it. Optional,
    /// except for <see cref="RerankProtocol.KServe"/>: there it is the model's name on the server (required).
    /// </summary>
    public string? Model { get; init; }

    /// <summary>An API key, sent as <c>Authorization: Bearer KEY</c> on every request. Optional.</summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// Allows sending <see cref="ApiKey"/> over plain <c>http://</c> to a host that is not loopback. Default
    /// <see langword="false"/>: such options are refused at construction, before any request is made, so a key is
    /// never sent in clear text by mistake. Loopback hosts (<c>localhost</c>, <c>127.0.0.1</c>, <c>::1</c>) are always allowed.
    /// </summary>
    public bool AllowApiKeyOverHttp { get; init; }

    /// <summary>
    /// The longest one HTTP request (one attempt, answer included) may take; it then fails with
    /// <see cref="TimeoutException"/> and is not retried. Default 30 s. A <c>NeuralRescorer</c> time budget applies on top.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most passages sent in one request; a larger window is split into requests of at most this many passages,
    /// sent in parallel (see <see cref="MaxParallelRequests"/>) and merged back in order. Default 32 (TEI's default
    /// <c>max_client_batch_size</c>).
    /// </summary>
    public int MaxDocumentsPerRequest { get; init; } = 32;

    /// <summary>The most requests one <see cref="HttpReranker.ScoreAsync"/> call has in flight at once. Default 4.</summary>
    public int MaxParallelRequests { get; init; } = 4;

    /// <summary>
    /// How many times a request answered 429, 502, 503 or 504 is sent again before the call fails with
    /// <see cref="RemoteRerankerException"/>. Default 2; 0 turns retries off.
    /// </summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>
    /// The wait before the first retry when the server sends no <c>Retry-After</c>; it doubles with each retry.
    /// Default 200 ms.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The longest wait before a retry, whether computed or asked for by <c>Retry-After</c> (seconds or an HTTP date):
    /// a longer <c>Retry-After</c> is cut to this. Default 10 s.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The reranker's name in its <see cref="LuceneRerank.Reranking.RerankerDescription"/>; default: the model (if any), the protocol and the endpoint.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// The server model's input limit in tokens, if known, shown as <see cref="LuceneRerank.Reranking.RerankerDescription.MaxLength"/>;
    /// <see langword="null"/> (default): unknown, shown as 0. Truncation is the server's either way, except for
    /// <see cref="RerankProtocol.KServe"/>, where pairs are cut here to this length (default: the tokenizer's limit).
    /// </summary>
    public int? MaxLength { get; init; }

    /// <summary>
    /// For <see cref="RerankProtocol.KServe"/> (required there, ignored otherwise): the served model's tokenizer folder
    /// and how its tensors are named, sent and read.
    /// </summary>
    public KServeOptions? KServe { get; init; }

    /// <summary>
    /// Failed attempts (5xx, 408 or 429 answers, an unreachable server, timeouts; retries count) that open the circuit
    /// breaker: when at least this many attempts fell within <see cref="CircuitBreakerSamplingDuration"/> and every one
    /// of them failed (no success among them), every call fails at once with <see cref="RemoteRerankerException"/> naming the
    /// endpoint (a <c>NeuralRescorer</c> falls back without waiting) for <see cref="CircuitBreakerBreakDuration"/>, after
    /// which one attempt tests the server. Default 5; 0 turns the breaker off; otherwise at least 2.
    /// </summary>
    public int CircuitBreakerFailures { get; init; } = 5;

    /// <summary>How long an open circuit breaker fails calls at once before it lets one attempt through. Default 30 s; at least 0.5 s.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The window in which <see cref="CircuitBreakerFailures"/> failures must fall to open the breaker. Default 60 s; at least 0.5 s.</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    internal void Validate()
    {
        if (Endpoint is null)
        {
            throw new ArgumentException("HttpRerankerOptions.Endpoint is required.", nameof(Endpoint));
        }

        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException(
                $"HttpRerankerOptions.Endpoint must be an absolute http:// or https:// URL, not '{Endpoint}'.", nameof(Endpoint));
        }

        if (!Enum.IsDefined(Protocol))
        {
            throw new ArgumentException($"HttpRerankerOptions.Protocol {(int)Protocol} is not a RerankProtocol.", nameof(Protocol));
        }

        if (ApiKey is not null && string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new ArgumentException("HttpRerankerOptions.ApiKey is empty; leave it null for no key.", nameof(ApiKey));
        }

        if (ApiKey is not null && Endpoint.Scheme == Uri.UriSchemeHttp && !Endpoint.IsLoopback && !AllowApiKeyOverHttp)
        {
            throw new ArgumentException(
                $"Refusing to send the API key in clear text to {Endpoint}: the endpoint is plain http:// and not loopback. " +
                "Use https://, or set HttpRerankerOptions.AllowApiKeyOverHttp = true if the network is trusted.", nameof(ApiKey));
        }

        Positive(Timeout, nameof(Timeout), allowInfinite: true);
        Positive(MaxRetryDelay, nameof(MaxRetryDelay), allowInfinite: false);
        if (RetryBaseDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"HttpRerankerOptions.RetryBaseDelay must not be negative, not {RetryBaseDelay}.", nameof(RetryBaseDelay));
        }

        AtLeast(MaxDocumentsPerRequest, 1, nameof(MaxDocumentsPerRequest));
        AtLeast(MaxParallelRequests, 1, nameof(MaxParallelRequests));
        AtLeast(MaxRetries, 0, nameof(MaxRetries));
        if (MaxLength is < 1)
        {
            throw new ArgumentException($"HttpRerankerOptions.MaxLength must be at least 1 when set, not {MaxLength}.", nameof(MaxLength));
        }

        if (CircuitBreakerFailures is < 0 or 1)
        {
            throw new ArgumentException(
                $"HttpRerankerOptions.CircuitBreakerFailures must be 0 (no breaker) or at least 2, not {CircuitBreakerFailures}.", nameof(CircuitBreakerFailures));
        }

        AtLeast(CircuitBreakerBreakDuration, TimeSpan.FromMilliseconds(500), nameof(CircuitBreakerBreakDuration));
        AtLeast(CircuitBreakerSamplingDuration, TimeSpan.FromMilliseconds(500), nameof(CircuitBreakerSamplingDuration));
        if (Protocol == RerankProtocol.KServe)
        {
            if (KServe is null)
            {
                throw new ArgumentException("HttpRerankerOptions.KServe is required for the KServe protocol: it names the model's tokenizer folder.", nameof(KServe));
            }

            if (string.IsNullOrWhiteSpace(Model))
            {
                throw new ArgumentException("HttpRerankerOptions.Model is required for the KServe protocol: the model's name on the server (v2/models/{model}/infer).", nameof(Model));
            }

            KServe.Validate();
        }
    }

    private static void Positive(TimeSpan value, string name, bool allowInfinite)
    {
        if (value <= TimeSpan.Zero && !(allowInfinite && value == System.Threading.Timeout.InfiniteTimeSpan))
        {
            throw new ArgumentException($"HttpRerankerOptions.{name} must be positive, not {value}.", name);
        }
    }

    private static void AtLeast(TimeSpan value, TimeSpan minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentException($"HttpRerankerOptions.{name} must be at least {minimum.TotalSeconds:0.###} s, not {value}.", name);
        }
    }

    private static void AtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentException($"HttpRerankerOptions.{name} must be at least {minimum}, not {value}.", name);
        }
    }
}
