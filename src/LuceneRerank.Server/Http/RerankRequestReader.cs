using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LuceneRerank.Server.Http;

/// <summary>
/// Reads a rerank request body within the limits and tells its shape by its fields: <c>"texts"</c> is TEI,
/// <c>"documents"</c> is Cohere-style (both servers answer on <c>/rerank</c>; a body with both or neither is refused).
/// Refusals: a body over <see cref="RerankServerOptions.MaxRequestBytes"/> 413 (<c>max_request_bytes</c>), more
/// documents than <see cref="RerankServerOptions.MaxDocuments"/> 413 (<c>max_documents</c>), a query longer than
/// <see cref="RerankServerOptions.MaxQueryLength"/> 422 (<c>max_query_length</c>); malformed JSON 400; a missing or
/// mistyped field 422 naming it.
/// </summary>
internal static class RerankRequestReader
{
    public static async Task<(RerankRequest? Request, ErrorAnswer? Error)> ReadAsync(HttpContext context, RerankServerOptions options)
    {
        var maxBytes = options.MaxRequestBytes;
        if (context.Request.ContentLength is { } declared && declared > maxBytes)
        {
            return (null, ErrorAnswer.LimitExceeded(StatusCodes.Status413PayloadTooLarge, "max_request_bytes", maxBytes, declared, "the request body in bytes"));
        }

        // The limit is enforced below, with a JSON answer naming it, instead of by the web server's own limit.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        var body = await ReadBodyAsync(context.Request.Body, maxBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return (null, ErrorAnswer.LimitExceeded(StatusCodes.Status413PayloadTooLarge, "max_request_bytes", maxBytes, maxBytes + 1, "the request body in bytes (at least)"));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return (null, new ErrorAnswer(StatusCodes.Status400BadRequest, "bad_request", $"the body is not valid JSON: {e.Message}"));
        }

        using (document)
        {
            return Read(document.RootElement, options);
        }
    }

    private static (RerankRequest?, ErrorAnswer?) Read(JsonElement root, RerankServerOptions options)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid("the body must be a JSON object");
        }

        var hasTexts = root.TryGetProperty("texts", out var texts);
        var hasDocuments = root.TryGetProperty("documents", out var documents);
        if (hasTexts == hasDocuments)
        {
            return Invalid(hasTexts
                ? "the body has both \"texts\" (TEI) and \"documents\" (Cohere-style); send one"
                : "the body needs \"documents\" (Cohere-style) or \"texts\" (TEI)");
        }

        if (!root.TryGetProperty("query", out var queryElement) || queryElement.ValueKind != JsonValueKind.String)
        {
            return Invalid("\"query\" must be a string");
        }

        var query = queryElement.GetString()!;
        if (query.Length > options.MaxQueryLength)
        {
            return (null, ErrorAnswer.LimitExceeded(StatusCodes.Status422UnprocessableEntity, "max_query_length", options.MaxQueryLength, query.Length, "the query's length in characters"));
        }

        var style = hasTexts ? RerankStyle.Tei : RerankStyle.Cohere;
        var list = hasTexts ? texts : documents;
        var field = hasTexts ? "texts" : "documents";
        if (list.ValueKind != JsonValueKind.Array)
        {
            return Invalid($"\"{field}\" must be an array");
        }

        var count = list.GetArrayLength();
        if (count > options.MaxDocuments)
        {
            return (null, ErrorAnswer.LimitExceeded(StatusCodes.Status413PayloadTooLarge, "max_documents", options.MaxDocuments, count, $"the number of \"{field}\""));
        }

        var items = new string[count];
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            // Cohere also accepts {"text": ...} objects as documents.
            var text = item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Object when style == RerankStyle.Cohere && item.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String => t.GetString(),
                _ => null,
            };
            if (text is null)
            {
                return Invalid(style == RerankStyle.Tei
                    ? $"\"texts\"[{i}] must be a string"
                    : $"\"documents\"[{i}] must be a string or an object with a string \"text\"");
            }

            items[i++] = text;
        }

        int? topN = null;
        if (style == RerankStyle.Cohere && root.TryGetProperty("top_n", out var topNElement) && topNElement.ValueKind != JsonValueKind.Null)
        {
            if (topNElement.ValueKind != JsonValueKind.Number || !topNElement.TryGetInt32(out var n) || n < 1)
            {
                return Invalid("\"top_n\" must be a positive integer");
            }

            topN = n;
        }

        var (returnTexts, returnError) = Flag(root, style == RerankStyle.Tei ? "return_text" : "return_documents", false);
        var (rawScores, rawError) = Flag(root, "raw_scores", false);
        var (_, truncateError) = Flag(root, "truncate", false);
        var error = returnError ?? rawError ?? truncateError;
        if (error is not null)
        {
            return (null, error);
        }

        return (new RerankRequest(style, query, items) { TopN = topN, ReturnTexts = returnTexts, RawScores = rawScores }, null);
    }

    private static (bool, ErrorAnswer?) Flag(JsonElement root, string name, bool fallback)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return (fallback, null);
        }

        return element.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? (element.GetBoolean(), null)
            : (false, new ErrorAnswer(StatusCodes.Status422UnprocessableEntity, "validation", $"\"{name}\" must be true or false"));
    }

    private static (RerankRequest?, ErrorAnswer?) Invalid(string message) =>
        (null, new ErrorAnswer(StatusCodes.Status422UnprocessableEntity, "validation", message));

    /// <summary>The whole body, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
