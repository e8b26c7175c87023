using System.Net.Http.Headers;
using LuceneRerank.Reranking;
using LuceneRerank.Text;
using Polly;
using Polly.CircuitBreaker;

namespace LuceneRerank.Remote;

/// <summary>
/// A reranker whose scores come from a rerank server over HTTP: Cohere-style <c>/rerank</c> (Cohere, Jina, vLLM,
/// Infinity, TensorRT-LLM), Hugging Face TEI's <c>/rerank</c>, or a raw ONNX cross-encoder on a KServe v2 / Triton
/// server, tokenised here as in process (see <see cref="RerankProtocol"/>). Use it under a
/// <c>NeuralRescorer</c> like any other <see cref="IReranker"/>: its time budget and failure policy apply unchanged.
/// </summary>
/// <remarks>
/// <para><b>Requests.</b> A call's passages are sent in requests of at most
/// <see cref="HttpRerankerOptions.MaxDocumentsPerRequest"/>, at most <see cref="HttpRerankerOptions.MaxParallelRequests"/>
/// at once; the scores come back in the order of the passages given, whatever order the server lists them in. An
/// empty call sends nothing.</para>
/// <para><b>Failures.</b> An answer of 429, 502, 503 or 504 is retried up to <see cref="HttpRerankerOptions.MaxRetries"/>
/// times, waiting as <c>Retry-After</c> asks (capped by <see cref="HttpRerankerOptions.MaxRetryDelay"/>) or with a
/// doubling backoff. After <see cref="HttpRerankerOptions.CircuitBreakerFailures"/> failed attempts with no success the
/// circuit breaker opens: calls fail at once with <see cref="RemoteRerankerException"/> naming the endpoint, for
/// <see cref="HttpRerankerOptions.CircuitBreakerBreakDuration"/>. Any other failure status, retries used up, or a server that cannot be reached:
/// <see cref="RemoteRerankerException"/> naming the endpoint, the status and the start of the body. An answer that is
/// not the protocol's JSON, or that misses or repeats a passage's index: <see cref="InvalidDataException"/> naming the
/// endpoint and the problem. A request slower than <see cref="HttpRerankerOptions.Timeout"/>:
/// <see cref="TimeoutException"/>. The caller's cancellation: <see cref="OperationCanceledException"/>. When one request
/// of a call fails, the call's other requests are cancelled.</para>
/// <para><b>The HttpClient.</b> Without one, the reranker creates its own and disposes it in <see cref="Dispose"/>. A
/// client passed in (for example from <c>IHttpClientFactory</c>, with its handlers) is never disposed by the reranker,
/// and its own <see cref="HttpClient.Timeout"/> applies as well as <see cref="HttpRerankerOptions.Timeout"/>; its
/// <see cref="HttpClient.DefaultRequestHeaders"/> are not changed (the API key travels on each request).</para>
/// <para><b>KServe.</b> The tokenizer folder of <see cref="HttpRerankerOptions.KServe"/> is loaded by the constructor;
/// the model's metadata is read once, before the first inference (again after a failed read). Each request carries one
/// chunk of pairs padded to its longest pair.</para>
/// <para>Safe to call from several threads at once.</para>
/// </remarks>
public sealed class HttpReranker : IReranker, IDisposable
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly ResiliencePipeline<HttpResponseMessage> _breaker;
    private readonly KServePairTokenizer? _kserveTokenizer;
    private readonly object _signatureLock = new();
    private Task<KServeSignature>? _kserveSignature;
    private volatile bool _disposed;

    /// <summary>Creates the reranker; nothing is sent until the first <see cref="ScoreAsync"/>.</summary>
    /// <param name="options">The endpoint, protocol and limits; checked here.</param>
    /// <param name="httpClient">A client to send with, not owned (never disposed by this reranker); <see langword="null"/>: the reranker creates and owns one.</param>
    /// <exception cref="ArgumentException">A setting cannot work, or an API key would go over plain http to a host that is not loopback (see <see cref="HttpRerankerOptions.AllowApiKeyOverHttp"/>).</exception>
    /// <exception cref="DirectoryNotFoundException">KServe: the tokenizer folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">KServe: the tokenizer folder holds no tokenizer.</exception>
    /// <exception cref="InvalidDataException">KServe: a tokenizer file is unusable; the message names it.</exception>
    public HttpReranker(HttpRerankerOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        if (options.Protocol == RerankProtocol.KServe)
        {
            _kserveTokenizer = KServePairTokenizer.Load(options.KServe!.TokenizerDirectory, options.MaxLength, options.KServe.MinPassageTokens);
        }

        _breaker = RerankCircuitBreaker.Create(options);
        _ownsClient = httpClient is null;
        // An owned client lives as long as the reranker: connections are renewed now and then so a DNS change (a
        // server pool behind one name) is followed; the per-request timeout is ours, not the client's.
        _client = httpClient ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        Description = new RerankerDescription
        {
            Name = options.Description
                ?? $"{(options.Model is null ? "" : options.Model + " via ")}{options.Protocol} rerank at {options.Endpoint}",
            MaxLength = _kserveTokenizer?.MaxLength ?? options.MaxLength ?? 0,
            ScoreMeaning = options.Protocol switch
            {
                RerankProtocol.Tei => "raw logit from the TEI server (raw_scores); higher is more relevant",
                RerankProtocol.KServe => KServeScores.Meaning(options.KServe!),
                _ => "relevance score from the server (normalised to 0..1 by most Cohere-style servers); higher is more relevant",
            },
            Notes = _kserveTokenizer is { } tokenizer
                ? [tokenizer.Summary + "; pairs tokenised and cut here, as in process", $"KServe v2 inference at {InferUrl}" +
                   (options.KServe!.BinaryTensors ? " (binary tensors)" : " (JSON tensors)")]
                : options.MaxLength is null
                    ? ["max length unknown here (shown as 0): the server truncates to its model's limit"]
                    : [],
        };
    }

    /// <summary>The options the reranker was created with.</summary>
    public HttpRerankerOptions Options { get; }

    /// <inheritdoc />
    public RerankerDescription Description { get; }

    /// <summary>KServe: <c>{endpoint}/v2/models/{model}</c>, the model's metadata.</summary>
    private Uri ModelUrl => new(EndpointRoot, $"v2/models/{Uri.EscapeDataString(Options.Model!)}");

    /// <summary>KServe: <c>{endpoint}/v2/models/{model}/infer</c>.</summary>
    private Uri InferUrl => new(EndpointRoot, $"v2/models/{Uri.EscapeDataString(Options.Model!)}/infer");

    private Uri EndpointRoot => Options.Endpoint.AbsoluteUri.EndsWith('/') ? Options.Endpoint : new Uri(Options.Endpoint.AbsoluteUri + "/");

    /// <inheritdoc />
    /// <remarks>See the class remarks for how requests are split, retried and how each failure is reported.</remarks>
    public async Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passages);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (passages.Count == 0)
        {
            return [];
        }

        KServeSignature? signature = null;
        EncodedQuery? encodedQuery = null;
        if (_kserveTokenizer is not null)
        {
            signature = await KServeSignatureAsync(cancellationToken).ConfigureAwait(false);
            encodedQuery = _kserveTokenizer.EncodeQuery(query);
        }

        var scores = new float[passages.Count];
        var size = Options.MaxDocumentsPerRequest;
        using var callToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var gate = new SemaphoreSlim(Options.MaxParallelRequests);
        var chunks = new List<Task>();
        for (var start = 0; start < passages.Count; start += size)
        {
            var count = Math.Min(size, passages.Count - start);
            var chunk = new Chunk(query, passages, start, count, encodedQuery, signature);
            chunks.Add(ScoreChunkAsync(chunk, scores, gate, callToken));
        }

        try
        {
            await Task.WhenAll(chunks).ConfigureAwait(false);
        }
        catch
        {
            cancellationToken.ThrowIfCancellationRequested();
            // One chunk's failure cancelled the others: report the failure, not the cancellations it caused.
            var failure = chunks.Where(c => c.IsFaulted).Select(c => c.Exception!.InnerException!)
                .FirstOrDefault(e => e is not OperationCanceledException);
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }

            throw;
        }

        return scores;
    }

    /// <summary>Disposes the <see cref="HttpClient"/> when the reranker created it; a client passed in is left alone.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private async Task ScoreChunkAsync(Chunk chunk, float[] scores, SemaphoreSlim gate, CancellationTokenSource callToken)
    {
        var token = callToken.Token;
        await gate.WaitAsync(token).ConfigureAwait(false);
        try
        {
            var chunkScores = await ScoreChunk(chunk, token).ConfigureAwait(false);
            chunkScores.CopyTo(scores, chunk.Start);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            callToken.Cancel();
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<float[]> ScoreChunk(Chunk chunk, CancellationToken token)
    {
        if (chunk.Signature is { } signature)
        {
            var tensors = _kserveTokenizer!.Encode(chunk.EncodedQuery!, chunk.Passages, chunk.Start, chunk.Count);
            var kserve = Options.KServe!;
            var (body, headerLength) = KServeWireFormat.InferRequest(tensors, signature, kserve.BinaryTensors);
            var request = new OutgoingRequest(HttpMethod.Post, InferUrl, body,
                kserve.BinaryTensors ? "application/octet-stream" : "application/json", headerLength);
            var answer = await SendWithRetriesAsync(request, token).ConfigureAwait(false);
            var (logits, labels) = KServeWireFormat.Logits(answer.Body, answer.HeaderLength, signature.Output, chunk.Count, InferUrl);
            return KServeScores.FromLogits(logits, labels, kserve);
        }

        var json = RerankWireFormat.RequestBody(Options.Protocol, Options.Model, chunk.Query,
            Enumerable.Range(chunk.Start, chunk.Count).Select(i => chunk.Passages[i]));
        var reply = await SendWithRetriesAsync(new OutgoingRequest(HttpMethod.Post, Options.Endpoint, json, "application/json", null), token)
            .ConfigureAwait(false);
        return RerankWireFormat.Scores(Options.Protocol, reply.Body, chunk.Count, Options.Endpoint);
    }

    /// <summary>KServe: the model's tensor names, from its metadata once (read again after a failed read) or from the options.</summary>
    private Task<KServeSignature> KServeSignatureAsync(CancellationToken token)
    {
        var kserve = Options.KServe!;
        if (!kserve.ReadModelMetadata)
        {
            return Task.FromResult(KServeSignature.FromOptions(kserve, _kserveTokenizer!.UsesTokenTypes));
        }

        lock (_signatureLock)
        {
            if (_kserveSignature is null || _kserveSignature.IsFaulted || _kserveSignature.IsCanceled)
            {
                // Not tied to one caller's cancellation: another caller may be waiting for the same read.
                _kserveSignature = ReadSignatureAsync();
            }

            return _kserveSignature.WaitAsync(token);
        }

        async Task<KServeSignature> ReadSignatureAsync()
        {
            var answer = await SendWithRetriesAsync(new OutgoingRequest(HttpMethod.Get, ModelUrl, null, null, null), CancellationToken.None)
                .ConfigureAwait(false);
            return KServeWireFormat.Signature(answer.Body, kserve, ModelUrl);
        }
    }

    private async Task<Answer> SendWithRetriesAsync(OutgoingRequest outgoing, CancellationToken token)
    {
        for (var retry = 0; ; retry++)
        {
            using var response = await SendThroughBreakerAsync(outgoing, token).ConfigureAwait(false);
            var answer = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return new Answer(answer, HeaderLength(response));
            }

            var status = response.StatusCode;
            var text = System.Text.Encoding.UTF8.GetString(answer);
            if (RetryDelays.IsRetryable(status) && retry < Options.MaxRetries)
            {
                var wait = RetryDelays.Next(response.Headers.RetryAfter, retry, Options.RetryBaseDelay, Options.MaxRetryDelay, DateTimeOffset.UtcNow);
                await Task.Delay(wait, token).ConfigureAwait(false);
                continue;
            }

            var attempts = retry + 1;
            throw new RemoteRerankerException(Options.Endpoint, status, text,
                $"The rerank server at {outgoing.Url} answered {(int)status} {response.ReasonPhrase}" +
                (attempts > 1 ? $" (after {attempts} attempts)" : "") +
                $": {RemoteRerankerException.Truncate(text)}");
        }
    }

    /// <summary>One attempt, through the circuit breaker: an open circuit fails it at once.</summary>
    private async Task<HttpResponseMessage> SendThroughBreakerAsync(OutgoingRequest outgoing, CancellationToken token)
    {
        try
        {
            return await _breaker.ExecuteAsync(
                static (state, t) => new ValueTask<HttpResponseMessage>(state.Self.SendOnceAsync(state.Outgoing, t)),
                (Self: this, Outgoing: outgoing), token).ConfigureAwait(false);
        }
        catch (BrokenCircuitException e)
        {
            throw RerankCircuitBreaker.Open(Options, e);
        }
    }

    /// <summary>One request, its whole answer read within <see cref="HttpRerankerOptions.Timeout"/>.</summary>
    private async Task<HttpResponseMessage> SendOnceAsync(OutgoingRequest outgoing, CancellationToken token)
    {
        using var request = new HttpRequestMessage(outgoing.Method, outgoing.Url);
        if (outgoing.Body is not null)
        {
            request.Content = new ByteArrayContent(outgoing.Body) { Headers = { ContentType = new MediaTypeHeaderValue(outgoing.ContentType!) } };
        }

        if (outgoing.InferenceHeaderLength is { } headerLength)
        {
            request.Headers.TryAddWithoutValidation(KServeWireFormat.HeaderLengthHeader, headerLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (Options.ApiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Options.ApiKey);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(Options.Timeout);
        try
        {
            // ResponseContentRead: the body is read inside the timeout, so a server that stalls mid-answer times out too.
            return await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!token.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The rerank server at {outgoing.Url} did not answer within {Options.Timeout.TotalMilliseconds:0} ms.", e);
        }
        catch (OperationCanceledException e) when (!token.IsCancellationRequested)
        {
            // The HttpClient's own Timeout (a client passed in) fired.
            throw new TimeoutException($"The rerank server at {outgoing.Url} did not answer within the HttpClient's timeout ({_client.Timeout}).", e);
        }
        catch (HttpRequestException e)
        {
            throw new RemoteRerankerException(Options.Endpoint, null, null,
                $"The rerank server at {outgoing.Url} could not be reached: {e.Message}", e);
        }
    }

    /// <summary>The answer's <c>Inference-Header-Content-Length</c> (KServe binary tensors), when it sent one.</summary>
    private static int? HeaderLength(HttpResponseMessage response)
    {
        var found = response.Headers.TryGetValues(KServeWireFormat.HeaderLengthHeader, out var values)
            || response.Content.Headers.TryGetValues(KServeWireFormat.HeaderLengthHeader, out values);
        return found && int.TryParse(values!.First(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
            ? length
            : null;
    }

    /// <summary>One request's passages: <paramref name="Count"/> of them from <paramref name="Start"/>; KServe adds the encoded query and the tensor names.</summary>
    private sealed record Chunk(string Query, IReadOnlyList<string> Passages, int Start, int Count, EncodedQuery? EncodedQuery, KServeSignature? Signature);

    /// <summary>What one attempt sends.</summary>
    private sealed record OutgoingRequest(HttpMethod Method, Uri Url, byte[]? Body, string? ContentType, int? InferenceHeaderLength);

    /// <summary>A success's body and, for KServe binary tensors, the length of its JSON part.</summary>
    private sealed record Answer(byte[] Body, int? HeaderLength);
}
