using System.CommandLine;
using LuceneRerank.Onnx;
using LuceneRerank.Reranking;
using LuceneRerank.Server;
using LuceneRerank.Toolkit.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LuceneRerank.Serve;

/// <summary>
/// <c>lrr-serve --model MODEL [--host H] [--port N] …</c>: opens the model with <c>Rerankers.OpenAsync</c> while the
/// server already answers <c>/health</c>, then serves it with LuceneRerank.Server until Ctrl-C / SIGTERM, which stop
/// taking connections and drain the requests in flight (up to <c>--shutdown-timeout</c>).
/// </summary>
internal static class ServeCommand
{
    public static RootCommand Create()
    {
        var model = new Option<string>("--model") { Description = "The reranker: a model folder, a manifest file or a manifest name (as Rerankers.Open takes it).", Required = true };
        var host = new Option<string>("--host") { Description = "The address to listen on (default 127.0.0.1; 0.0.0.0 for every interface).", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "The TCP port (default 8080; 0 picks a free one, printed at start).", DefaultValueFactory = _ => 8080 };
        port.Validators.Add(r => NumericOptions.Between(r, "--port", 0, 65535));
        var provider = new Option<string>("--provider") { Description = "ONNX Runtime execution provider: cpu (default) or cuda.", DefaultValueFactory = _ => "cpu" };
        provider.AcceptOnlyFromAmong("cpu", "cuda");
        var deviceId = new Option<int>("--device-id") { Description = "With --provider cuda: the GPU ordinal (default 0)." };
        deviceId.Validators.Add(r => NumericOptions.AtLeast(r, "--device-id", 0));
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (default 0: ONNX Runtime's choice)." };
        threads.Validators.Add(r => NumericOptions.AtLeast(r, "--threads", 0));
        var maxLength = new Option<int?>("--max-length") { Description = "The most tokens of one model input (default: the model's own)." };
        maxLength.Validators.Add(r => NumericOptions.Positive<int>(r, "--max-length"));
        var tokenBudget = new Option<int?>("--token-budget") { Description = "Padded tokens per batch (default: the provider's, 4096 on CPU, 65536 on CUDA)." };
        tokenBudget.Validators.Add(r => NumericOptions.Positive<int>(r, "--token-budget"));
        var batching = new Option<string>("--batching") { Description = "on (default): batch pairs across concurrent requests; off: score each request on its own.", DefaultValueFactory = _ => "on" };
        batching.AcceptOnlyFromAmong("on", "off");
        var maxWait = new Option<double>("--max-batch-wait-ms") { Description = "How long an idle batcher waits for a batch to fill (default 3 ms).", DefaultValueFactory = _ => 3 };
        maxWait.Validators.Add(r => NumericOptions.Between(r, "--max-batch-wait-ms", 0.0, 1000.0));
        var batchWorkers = new Option<int?>("--batch-workers") { Description = "With --batching on: batches computed at once, each by its own thread (default: one per processor)." };
        batchWorkers.Validators.Add(r => NumericOptions.Positive<int>(r, "--batch-workers"));
        var defaults = new RerankServerOptions();
        var maxDocuments = new Option<int>("--max-documents") { Description = $"The most documents per request (default {defaults.MaxDocuments}); more: 413.", DefaultValueFactory = _ => defaults.MaxDocuments };
        maxDocuments.Validators.Add(r => NumericOptions.Positive<int>(r, "--max-documents"));
        var maxBytes = new Option<long>("--max-request-bytes") { Description = $"The largest request body (default {defaults.MaxRequestBytes}); larger: 413.", DefaultValueFactory = _ => defaults.MaxRequestBytes };
        maxBytes.Validators.Add(r => NumericOptions.AtLeast(r, "--max-request-bytes", 64L));
        var maxQuery = new Option<int>("--max-query-length") { Description = $"The longest query in characters (default {defaults.MaxQueryLength}); longer: 422.", DefaultValueFactory = _ => defaults.MaxQueryLength };
        maxQuery.Validators.Add(r => NumericOptions.Positive<int>(r, "--max-query-length"));
        var maxQueued = new Option<int>("--max-queued-pairs") { Description = $"The most pairs admitted and not yet answered (default {defaults.MaxQueuedPairs}); more: 429 with Retry-After.", DefaultValueFactory = _ => defaults.MaxQueuedPairs };
        maxQueued.Validators.Add(r => NumericOptions.Positive<int>(r, "--max-queued-pairs"));
        var apiKeyEnv = new Option<string?>("--api-key-env") { Description = "Require Authorization: Bearer KEY, KEY being this environment variable's value." };
        var apiKeyFile = new Option<FileInfo?>("--api-key-file") { Description = "Require Authorization: Bearer KEY, KEY being one of this file's lines." };
        var modelName = new Option<string?>("--model-name") { Description = "The model name answered in /info and Cohere-style results (default: the reranker's name)." };
        var shutdownTimeout = new Option<double>("--shutdown-timeout") { Description = "Seconds to let in-flight requests finish on Ctrl-C / SIGTERM (default 30).", DefaultValueFactory = _ => 30 };
        shutdownTimeout.Validators.Add(r => NumericOptions.AtLeast(r, "--shutdown-timeout", 0.0));

        var root = new RootCommand("lrr-serve: serve a reranker over HTTP (Cohere-style and TEI /rerank, /health, /ready, /info, /metrics) with dynamic batching.")
        {
            model, host, port, provider, deviceId, threads, maxLength, tokenBudget, batching, maxWait, batchWorkers, maxDocuments, maxBytes, maxQuery, maxQueued,
            apiKeyEnv, apiKeyFile, modelName, shutdownTimeout,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            var serverOptions = new RerankServerOptions
            {
                ModelName = parse.GetValue(modelName),
                Batching = parse.GetValue(batching) == "on",
                MaxBatchWait = TimeSpan.FromMilliseconds(parse.GetValue(maxWait)),
                BatchWorkers = parse.GetValue(batchWorkers),
                TokenBudget = parse.GetValue(tokenBudget),
                MaxDocuments = parse.GetValue(maxDocuments),
                MaxRequestBytes = parse.GetValue(maxBytes),
                MaxQueryLength = parse.GetValue(maxQuery),
                MaxQueuedPairs = parse.GetValue(maxQueued),
                ApiKeys = ApiKeySource.Read(parse.GetValue(apiKeyEnv), parse.GetValue(apiKeyFile)),
            };
            try
            {
                serverOptions.Validate();
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }

            var openOptions = new RerankerOpenOptions
            {
                OnnxRuntime = new OnnxRuntimeOptions
                {
                    ExecutionProvider = parse.GetValue(provider) == "cuda" ? ExecutionProvider.Cuda : ExecutionProvider.Cpu,
                    DeviceId = parse.GetValue(deviceId),
                    IntraOpThreads = parse.GetValue(threads),
                },
                MaxLength = parse.GetValue(maxLength),
            };
            var target = parse.GetValue(model)!;
            var url = $"http://{parse.GetValue(host)}:{parse.GetValue(port)}";
            await RunAsync(target, openOptions, serverOptions, url, TimeSpan.FromSeconds(parse.GetValue(shutdownTimeout)),
                parse.InvocationConfiguration.Output, cancellationToken);
            return ExitCodes.Success;
        });
        return root;
    }

    /// <summary>Serves until <paramref name="stop"/> is cancelled, then drains and returns; rethrows a failed model load.</summary>
    private static async Task RunAsync(string target, RerankerOpenOptions openOptions, RerankServerOptions serverOptions, string url,
        TimeSpan shutdownTimeout, TextWriter output, CancellationToken stop)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout);
        builder.Services.AddLuceneRerankServer<IReranker>(async ct => await Rerankers.OpenAsync(target, openOptions, ct), serverOptions);
        await using var app = builder.Build();
        app.MapLuceneRerank();
        await app.StartAsync(stop);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        await output.WriteLineAsync($"lrr-serve: listening on {string.Join(", ", addresses)} (batching {(serverOptions.Batching ? "on" : "off")}); loading {target}");
        await output.FlushAsync(CancellationToken.None);
        await app.WaitForShutdownAsync(stop);
        if (app.Services.GetRequiredService<ServedModel>().LoadFailure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }
}
