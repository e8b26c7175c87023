using System.Diagnostics;
using System.Diagnostics.Metrics;
using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;

namespace LuceneRerank.Diagnostics;

/// <summary>
/// The library's <see cref="Meter"/> and <see cref="ActivitySource"/>, both named <see cref="Name"/>, and the
/// instruments it records (names follow the OpenTelemetry conventions; Rescoring/README.md lists them).
/// Nothing is measured unless a listener (OpenTelemetry, <c>dotnet-counters</c>, a <see cref="MeterListener"/>)
/// subscribes.
/// </summary>
internal static class RerankTelemetry
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "LuceneRerank";

    /// <summary>Tag: the reranker's name (<see cref="RerankerDescription.Name"/>).</summary>
    public const string ModelTag = "lucenererank.model";

    /// <summary>Tag: the reranker's active execution provider (<see cref="RerankerDescription.ExecutionProvider"/>).</summary>
    public const string ProviderTag = "lucenererank.provider";

    /// <summary>Tag: the configured window.</summary>
    public const string WindowTag = "lucenererank.window";

    /// <summary>Tag: how many passages went to the reranker.</summary>
    public const string PassagesTag = "lucenererank.passages";

    /// <summary>Tag: the fallback reason (<see cref="FallbackReason"/>; <c>None</c> when the hits were reranked).</summary>
    public const string FallbackReasonTag = "lucenererank.fallback.reason";

    /// <summary>Tag on the fallback counter: the reason.</summary>
    public const string ReasonTag = "reason";

    /// <summary>Tag: the 1-based stage number in a cascade.</summary>
    public const string StageTag = "lucenererank.stage";

    /// <summary>Tag: how many stages a cascade has.</summary>
    public const string StagesTag = "lucenererank.stages";

    /// <summary>Tag: the type of the exception that ended a rescoring (OpenTelemetry's <c>error.type</c>).</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>Span name: one rescoring.</summary>
    public const string RescoreSpan = "lucenererank.rescore";

    /// <summary>Span name: a whole cascade.</summary>
    public const string CascadeSpan = "lucenererank.cascade";

    /// <summary>Span name: one cascade stage.</summary>
    public const string StageSpan = "lucenererank.cascade.stage";

    /// <summary>Span name: one model call (the reranker scoring a window).</summary>
    public const string RerankSpan = "lucenererank.rerank";

    private static readonly string? Version = typeof(RerankTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>The activity source.</summary>
    public static readonly ActivitySource Source = new(Name, Version);

    /// <summary>The meter.</summary>
    public static readonly Meter Meter = new(Name, Version);

    /// <summary>Seconds per rescoring, from start to result (or exception).</summary>
    public static readonly Histogram<double> RescoreDuration = Meter.CreateHistogram<double>(
        "lucenererank.rescore.duration", "s", "Duration of one rescoring, from start to result.");

    /// <summary>Seconds of tokenisation per reranker call.</summary>
    public static readonly Histogram<double> TokenizationDuration = Meter.CreateHistogram<double>(
        "lucenererank.rerank.tokenization.duration", "s", "Time a reranker call spent turning text into token ids.");

    /// <summary>Seconds of model inference per reranker call.</summary>
    public static readonly Histogram<double> InferenceDuration = Meter.CreateHistogram<double>(
        "lucenererank.rerank.inference.duration", "s", "Time a reranker call spent inside the model runtime.");

    /// <summary>Query-passage pairs per reranker call.</summary>
    public static readonly Histogram<long> Pairs = Meter.CreateHistogram<long>(
        "lucenererank.rerank.pairs", "{pair}", "Query-passage pairs given to one reranker call.");

    /// <summary>Tokens per reranker call.</summary>
    public static readonly Histogram<long> Tokens = Meter.CreateHistogram<long>(
        "lucenererank.rerank.tokens", "{token}", "Tokens fed to the model by one reranker call, padding excluded.");

    /// <summary>Sequences per batched model run.</summary>
    public static readonly Histogram<long> BatchSize = Meter.CreateHistogram<long>(
        "lucenererank.rerank.batch.size", "{sequence}", "Sequences in one batched model run.");

    /// <summary>Rescorings that returned the first-pass order, by reason.</summary>
    public static readonly Counter<long> Fallbacks = Meter.CreateCounter<long>(
        "lucenererank.rescore.fallbacks", "{fallback}", "Rescorings that returned the first-pass order instead of the reranked one.");

    /// <summary>Inputs cut to fit the model.</summary>
    public static readonly Counter<long> Truncations = Meter.CreateCounter<long>(
        "lucenererank.rerank.truncations", "{input}", "Inputs cut to fit the model's maximum length.");

    /// <summary>Passages whose score came from a <see cref="CachingReranker"/>'s cache.</summary>
    public static readonly Counter<long> CacheHits = Meter.CreateCounter<long>(
        "lucenererank.cache.hits", "{passage}", "Passages whose score a CachingReranker found in its cache.");

    /// <summary>Passages a <see cref="CachingReranker"/> had to score.</summary>
    public static readonly Counter<long> CacheMisses = Meter.CreateCounter<long>(
        "lucenererank.cache.misses", "{passage}", "Passages a CachingReranker did not find in its cache.");

    /// <summary>Records one batched run's size.</summary>
    public static void RecordBatch(long sequences, string? model)
    {
        if (BatchSize.Enabled)
        {
            BatchSize.Record(sequences, new KeyValuePair<string, object?>(ModelTag, model));
        }
    }

    /// <summary>Counts truncated inputs.</summary>
    public static void RecordTruncations(long count, string? model)
    {
        if (Truncations.Enabled)
        {
            Truncations.Add(count, new KeyValuePair<string, object?>(ModelTag, model));
        }
    }

    /// <summary>Counts cache hits and misses of one call.</summary>
    public static void RecordCache(long hits, long misses, string model)
    {
        var tag = new KeyValuePair<string, object?>(ModelTag, model);
        if (hits > 0)
        {
            CacheHits.Add(hits, tag);
        }

        if (misses > 0)
        {
            CacheMisses.Add(misses, tag);
        }
    }

    /// <summary>Records one rescoring's duration, its reranker call's figures and (when used) its fallback.</summary>
    /// <param name="reranker">The reranker.</param>
    /// <param name="elapsed">The rescoring's wall time.</param>
    /// <param name="pairs">Passages given to the reranker; 0 when it was not called.</param>
    /// <param name="call">What the reranker reported for the call.</param>
    /// <param name="reason">The fallback reason, <see cref="FallbackReason.None"/> when none.</param>
    /// <param name="errorType">The exception type that ended the rescoring, or <c>null</c>.</param>
    public static void RecordRescore(
        RerankerDescription reranker, TimeSpan elapsed, int pairs, RerankCallStatistics call, FallbackReason reason, string? errorType)
    {
        var model = new KeyValuePair<string, object?>(ModelTag, reranker.Name);
        var provider = new KeyValuePair<string, object?>(ProviderTag, reranker.ExecutionProvider);
        var fallback = new KeyValuePair<string, object?>(FallbackReasonTag, reason.ToString());
        if (errorType is null)
        {
            RescoreDuration.Record(elapsed.TotalSeconds, model, provider, fallback);
        }
        else
        {
            RescoreDuration.Record(elapsed.TotalSeconds, model, provider, fallback, new KeyValuePair<string, object?>(ErrorTypeTag, errorType));
        }

        if (reason != FallbackReason.None)
        {
            Fallbacks.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason.ToString()), model, provider);
        }

        if (pairs == 0)
        {
            return; // the reranker was not called
        }

        Pairs.Record(pairs, model, provider);
        if (call == RerankCallStatistics.Empty)
        {
            return; // the reranker reports no statistics: no zeros that would read as free work
        }

        TokenizationDuration.Record(call.TokenizationTime.TotalSeconds, model, provider);
        InferenceDuration.Record(call.InferenceTime.TotalSeconds, model, provider);
        Tokens.Record(call.TokensProcessed, model, provider);
    }
}
