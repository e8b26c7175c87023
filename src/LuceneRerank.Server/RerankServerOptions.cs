namespace LuceneRerank.Server;

/// <summary>
/// How a rerank server batches and what it accepts. Every property has a default that suits a CPU server; checked by
/// <see cref="Validate"/> (called when the server is added), which names the first setting that cannot work.
/// </summary>
public sealed class RerankServerOptions
{
    /// <summary>The model name shown by <c>/info</c> and answered in Cohere-style results; default: the reranker's description name.</summary>
    public string? ModelName { get; init; }

    /// <summary>
    /// Whether pairs of concurrent requests are packed into shared token-budget batches (dynamic batching). Default
    /// <see langword="true"/>; <see langword="false"/> scores each request on its own, as an in-process caller would.
    /// </summary>
    public bool Batching { get; init; } = true;

    /// <summary>
    /// How long the batcher waits for more pairs to fill a batch after the first one arrives while the model is idle.
    /// Default 3 ms. Zero: never wait (a batch is whatever is queued when the model is free).
    /// </summary>
    public TimeSpan MaxBatchWait { get; init; } = TimeSpan.FromMilliseconds(3);

    /// <summary>
    /// With <see cref="Batching"/>: how many batches are computed at once, each by its own worker thread taking the
    /// next batch from the shared queue (null: one per processor, <see cref="Environment.ProcessorCount"/>, so every
    /// CPU core computes; on a GPU 1–2 is enough).
    /// </summary>
    public int? BatchWorkers { get; init; }

    /// <summary>
    /// Padded tokens (pairs × longest pair) per batch. Default <see langword="null"/>: the reranker's own budget, which
    /// follows the library's per-provider default (<c>LuceneRerank.Onnx.TokenBudgets</c>: 4,096 on CPU, 65,536 on CUDA).
    /// </summary>
    public int? TokenBudget { get; init; }

    /// <summary>The most documents (texts) one request may carry; more is answered 413 naming <c>max_documents</c>. Default 1,000.</summary>
    public int MaxDocuments { get; init; } = 1000;

    /// <summary>The largest request body in bytes; larger is answered 413 naming <c>max_request_bytes</c>. Default 4 MiB.</summary>
    public long MaxRequestBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The longest query in characters (UTF-16 code units); longer is answered 422 naming <c>max_query_length</c>. Default 4,096.</summary>
    public int MaxQueryLength { get; init; } = 4096;

    /// <summary>
    /// The most pairs admitted and not yet answered, over all requests; a request that would exceed it is answered
    /// 429 with <c>Retry-After</c>. Default 8,192. Must be at least <see cref="MaxDocuments"/>.
    /// </summary>
    public int MaxQueuedPairs { get; init; } = 8192;

    /// <summary>The wait a 429 or 503 answer asks for in its <c>Retry-After</c> header (whole seconds, at least 1). Default 1 s.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// API keys a client may send as <c>Authorization: Bearer KEY</c> (compared in constant time). Empty (default): no
    /// key is asked for. When set, the rerank routes and <c>/info</c> answer 401 without a valid key; <c>/health</c>,
    /// <c>/ready</c> and <c>/metrics</c> stay open for probes and scrapers.
    /// </summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (ModelName is not null && string.IsNullOrWhiteSpace(ModelName))
        {
            throw new ArgumentException("RerankServerOptions.ModelName is empty; leave it null for the reranker's name.", nameof(ModelName));
        }

        if (MaxBatchWait < TimeSpan.Zero || MaxBatchWait > TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"RerankServerOptions.MaxBatchWait must be between 0 and 1 s, not {MaxBatchWait}.", nameof(MaxBatchWait));
        }

        AtLeast(TokenBudget ?? 1, 1, nameof(TokenBudget));
        AtLeast(BatchWorkers ?? 1, 1, nameof(BatchWorkers));
        AtLeast(MaxDocuments, 1, nameof(MaxDocuments));
        AtLeast(MaxRequestBytes, 64, nameof(MaxRequestBytes));
        AtLeast(MaxQueryLength, 1, nameof(MaxQueryLength));
        AtLeast(MaxQueuedPairs, MaxDocuments, nameof(MaxQueuedPairs));
        if (RetryAfter < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"RerankServerOptions.RetryAfter must be at least 1 s, not {RetryAfter}.", nameof(RetryAfter));
        }

        if (ApiKeys is null || ApiKeys.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("RerankServerOptions.ApiKeys must not be null nor hold an empty key.", nameof(ApiKeys));
        }
    }

    private static void AtLeast(long value, long minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentException($"RerankServerOptions.{name} must be at least {minimum}, not {value}.", name);
        }
    }
}
