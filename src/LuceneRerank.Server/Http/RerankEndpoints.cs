using System.Text.Json.Nodes;
using LuceneRerank.Server.Scheduling;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LuceneRerank.Server.Http;

/// <summary>The handlers behind the routes <see cref="LuceneRerankServerExtensions.MapLuceneRerank"/> maps.</summary>
internal static class RerankEndpoints
{
    /// <summary><c>POST /rerank</c>, <c>/v1/rerank</c>, <c>/v2/rerank</c>: Cohere-style or TEI, told apart by the body.</summary>
    public static async Task RerankAsync(HttpContext context)
    {
        var served = context.RequestServices.GetRequiredService<ServedModel>();
        var error = await AnswerAsync(context, served).ConfigureAwait(false);
        if (error is not null)
        {
            served.Metrics.Rejected(error.Reason);
            if (!context.RequestAborted.IsCancellationRequested)
            {
                await error.WriteAsync(context).ConfigureAwait(false);
            }
        }
    }

    /// <summary><c>GET /health</c>: the process is up.</summary>
    public static IResult Health() => Results.Json(new JsonObject { ["status"] = "ok" });

    /// <summary><c>GET /ready</c>: 200 once the model is loaded, else 503.</summary>
    public static IResult Ready(HttpContext context)
    {
        var ready = context.RequestServices.GetRequiredService<ServedModel>().Current is not null;
        return Results.Json(new JsonObject { ["status"] = ready ? "ready" : "loading" },
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary><c>GET /info</c>: the model, its provider and what its scores mean, the batching settings and the limits.</summary>
    public static async Task InfoAsync(HttpContext context)
    {
        var served = context.RequestServices.GetRequiredService<ServedModel>();
        if (!context.RequestServices.GetRequiredService<ApiKeyCheck>().Allows(context.Request))
        {
            await Unauthorized().WriteAsync(context).ConfigureAwait(false);
            return;
        }

        var options = served.Options;
        var loaded = served.Current;
        var description = loaded?.Reranker.Description;
        var info = new JsonObject
        {
            ["model"] = loaded?.ModelName,
            ["ready"] = loaded is not null,
            ["provider"] = description?.ExecutionProvider,
            ["max_input_length"] = description?.MaxLength,
            ["score_meaning"] = description?.ScoreMeaning,
            ["batching"] = new JsonObject
            {
                ["enabled"] = options.Batching,
                ["max_wait_ms"] = options.MaxBatchWait.TotalMilliseconds,
                ["token_budget"] = loaded?.TokenBudget,
            },
            ["limits"] = new JsonObject
            {
                ["max_documents"] = options.MaxDocuments,
                ["max_request_bytes"] = options.MaxRequestBytes,
                ["max_query_length"] = options.MaxQueryLength,
                ["max_queued_pairs"] = options.MaxQueuedPairs,
            },
            ["api_key_required"] = options.ApiKeys.Count > 0,
        };
        await context.Response.WriteAsJsonAsync(info, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<ErrorAnswer?> AnswerAsync(HttpContext context, ServedModel served)
    {
        if (!context.RequestServices.GetRequiredService<ApiKeyCheck>().Allows(context.Request))
        {
            return Unauthorized();
        }

        var retryAfter = (int)Math.Ceiling(served.Options.RetryAfter.TotalSeconds);
        if (served.Current is not { } loaded)
        {
            return new ErrorAnswer(StatusCodes.Status503ServiceUnavailable, "not_ready", "the model is still loading") { RetryAfterSeconds = retryAfter };
        }

        var (request, invalid) = await RerankRequestReader.ReadAsync(context, served.Options).ConfigureAwait(false);
        if (request is null)
        {
            return invalid;
        }

        float[] scores;
        try
        {
            scores = await loaded.Scheduler.ScoreAsync(request.Query, request.Texts, context.RequestAborted).ConfigureAwait(false);
        }
        catch (QueueFullException e)
        {
            return new ErrorAnswer(StatusCodes.Status429TooManyRequests, "queue_full", e.Message)
            {
                Limit = "max_queued_pairs", LimitValue = e.Bound, Actual = loaded.Scheduler.QueuedPairs + request.Texts.Length, RetryAfterSeconds = retryAfter,
            };
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return new ErrorAnswer(499, "client_closed", "the client closed the request");
        }
        catch (ObjectDisposedException)
        {
            return new ErrorAnswer(StatusCodes.Status503ServiceUnavailable, "shutting_down", "the server is shutting down") { RetryAfterSeconds = retryAfter };
        }

        served.Metrics.Requested(request.Texts.Length);
        await context.Response.WriteAsJsonAsync(
            request.Style == RerankStyle.Tei ? RerankAnswers.Tei(request, scores) : (JsonNode)RerankAnswers.Cohere(request, scores, loaded.ModelName),
            context.RequestAborted).ConfigureAwait(false);
        return null;
    }

    private static ErrorAnswer Unauthorized() =>
        new(StatusCodes.Status401Unauthorized, "unauthorized", "a valid API key is required: send Authorization: Bearer KEY");
}
