using System.Net.Http.Headers;
using LuceneRerank.Reranking;

namespace LuceneRerank.Remote;

/// <summary>
/// A reranker whose scores come from a rerank server over HTTP: Cohere-style <c>/rerank</c> (Cohere, Jina, vLLM,
/// Infinity, TensorRT-LLM) or Hugging Face TEI's <c>/rerank</c> (see <see cref="RerankProtocol"/>). Use it under a
/// <c>NeuralRescorer</c> like any other <see cref="IReranker"/>: its time budget and failure policy apply unchanged.
/// </summary>
/// <remarks>
/// <para><b>Requests.</b> A call's passages are sent in requests of at most
/// <see cref="HttpRerankerOptions.MaxDocumentsPerRequest"/>, at most <see cref="HttpRerankerOptions.MaxParallelRequests"/>
/// at once; the scores come back in the order of the passages given, whatever order the server lists them in. An
/// empty call sends nothing.</para>
/// <para><b>Failures.</b> An answer of 429, 502, 503 or 504 is retried up to <see cref="HttpRerankerOptions.MaxRetries"/>
/// times, waiting as <c>Retry-After</c> asks (capped by <see cref="HttpRerankerOptions.MaxRetryDelay"/>) or with a
/// doubling backoff. Any other failure status, retries used up, or a server that cannot be reached:
/// <see cref="RemoteRerankerException"/> naming the endpoint, the status and the start of the body. An answer that is
/// not the protocol's JSON, or that misses or repeats a passage's index: <see cref="InvalidDataException"/> naming the
/// endpoint and the problem. A request slower than <see cref="HttpRerankerOptions.Timeout"/>:
/// <see cref="TimeoutException"/>. The caller's cancellation: <see cref="OperationCanceledException"/>. When one request
/// of a call fails, the call's other requests are cancelled.</para>
/// <para><b>The HttpClient.</b> Without one, the reranker creates its own and disposes it in <see cref="Dispose"/>. A
/// client passed in (for example from <c>IHttpClientFactory</c>, with its handlers) is never disposed by the reranker,
/// and its own <see cref="HttpClient.Timeout"/> applies as well as <see cref="HttpRerankerOptions.Timeout"/>; its
/// <see cref="HttpClient.DefaultRequestHeaders"/> are not changed (the API key travels on each request).</para>
/// <para>Safe to call from several threads at once.</para>
/// </remarks>
public sealed class HttpReranker : IReranker, IDisposable
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private volatile bool _disposed;

    /// <summary>Creates the reranker; nothing is sent until the first <see cref="ScoreAsync"/>.</summary>
    /// <param name="options">The endpoint, protocol and limits; checked here.</param>
    /// <param name="httpClient">A client to send with, not owned (never disposed by this reranker); <see langword="null"/>: the reranker creates and owns one.</param>
    /// <exception cref="ArgumentException">A setting cannot work, or an API key would go over plain http to a host that is not loopback (see <see cref="HttpRerankerOptions.AllowApiKeyOverHttp"/>).</exception>
    public HttpReranker(HttpRerankerOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
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
            MaxLength = options.MaxLength ?? 0,
            ScoreMeaning = options.Protocol switch
            {
                RerankProtocol.Tei => "raw logit from the TEI server (raw_scores); higher is more relevant",
                _ => "relevance score from the server (normalised to 0..1 by most Cohere-style servers); higher is more relevant",
            },
            Notes = options.MaxLength is null
                ? ["max length unknown here (shown as 0): the server truncates to its model's limit"]
                : [],
        };
    }

    /// <summary>The options the reranker was created with.</summary>
    public HttpRerankerOptions Options { get; }

    /// <inheritdoc />
    public RerankerDescription Description { get; }

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

        var scores = new float[passages.Count];
        var size = Options.MaxDocumentsPerRequest;
        using var callToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var gate = new SemaphoreSlim(Options.MaxParallelRequests);
        var chunks = new List<Task>();
        for (var start = 0; start < passages.Count; start += size)
        {
            chunks.Add(ScoreChunkAsync(query, passages, start, Math.Min(size, passages.Count - start), scores, gate, callToken));
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

    private async Task ScoreChunkAsync(string query, IReadOnlyList<string> passages, int start, int count, float[] scores,
        SemaphoreSlim gate, CancellationTokenSource callToken)
    {
        var token = callToken.Token;
        await gate.WaitAsync(token).ConfigureAwait(false);
        try
        {
            var body = RerankWireFormat.RequestBody(Options.Protocol, Options.Model, query, Enumerable.Range(start, count).Select(i => passages[i]));
            var answer = await SendWithRetriesAsync(body, token).ConfigureAwait(false);
            RerankWireFormat.Scores(Options.Protocol, answer, count, Options.Endpoint).CopyTo(scores, start);
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

    private async Task<byte[]> SendWithRetriesAsync(byte[] body, CancellationToken token)
    {
        for (var retry = 0; ; retry++)
        {
            using var response = await SendOnceAsync(body, token).ConfigureAwait(false);
            var answer = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return answer;
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
                $"The rerank server at {Options.Endpoint} answered {(int)status} {response.ReasonPhrase}" +
                (attempts > 1 ? $" (after {attempts} attempts)" : "") +
                $": {RemoteRerankerException.Truncate(text)}");
        }
    }

    /// <summary>One request, its whole answer read within <see cref="HttpRerankerOptions.Timeout"/>.</summary>
    private async Task<HttpResponseMessage> SendOnceAsync(byte[] body, CancellationToken token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Options.Endpoint)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
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
            throw new TimeoutException($"The rerank server at {Options.Endpoint} did not answer within {Options.Timeout.TotalMilliseconds:0} ms.", e);
        }
        catch (OperationCanceledException e) when (!token.IsCancellationRequested)
        {
            // The HttpClient's own Timeout (a client passed in) fired.
            throw new TimeoutException($"The rerank server at {Options.Endpoint} did not answer within the HttpClient's timeout ({_client.Timeout}).", e);
        }
        catch (HttpRequestException e)
        {
            throw new RemoteRerankerException(Options.Endpoint, null, null,
                $"The rerank server at {Options.Endpoint} could not be reached: {e.Message}", e);
        }
    }
}
