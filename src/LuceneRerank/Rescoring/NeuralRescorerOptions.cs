using Microsoft.Extensions.Logging;

namespace LuceneRerank.Rescoring;

/// <summary>How a <see cref="NeuralRescorer"/> reranks. Every property has a documented default; set them with
/// an object initialiser. The object is immutable once built, so one instance can be shared by many rescorers.</summary>
public sealed class NeuralRescorerOptions
{
    private readonly int _window = DefaultWindow;
    private readonly TimeSpan? _timeBudget;

    /// <summary>The default window: 100 first-pass hits, the depth at which cross-encoder figures are usually reported.</summary>
    public const int DefaultWindow = 100;

    /// <summary>
    /// How many first-pass hits (the top of the first-pass <c>TopDocs</c>, in its order) are reranked. It is independent
    /// of <c>topN</c>, how many hits the rescoring returns: with a fixed window, asking for more hits only extends the
    /// result, it never reorders its head, so pagination is stable. Default <see cref="DefaultWindow"/>.
    /// </summary>
    public int Window
    {
        get => _window;
        init => _window = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Window), value, "Window must be at least 1.");
    }

    /// <summary>Where passage text comes from. Default: the stored field <c>text</c>, see <see cref="PassageTextSource"/>.</summary>
    public PassageTextSource TextSource { get; init; } = new("text");

    /// <summary>How first-pass and model scores merge. Default <see cref="ScoreFusion.Replace"/> (see its remarks for why).</summary>
    public ScoreFusion Fusion { get; init; } = ScoreFusion.Replace;

    /// <summary>
    /// What happens to first-pass hits below the window. Default <see cref="BeyondWindowPolicy.Append"/>, so that
    /// asking for more hits than the window never loses hits the first pass found.
    /// </summary>
    public BeyondWindowPolicy BeyondWindow { get; init; } = BeyondWindowPolicy.Append;

    /// <summary>
    /// What happens when the reranker throws, returns unusable scores, or the <see cref="TimeBudget"/> runs out.
    /// Default <see cref="FailurePolicy.Throw"/>: a fallback must be chosen, never silent. A caller's cancellation
    /// always throws <see cref="OperationCanceledException"/>, whatever this policy.
    /// </summary>
    public FailurePolicy FailurePolicy { get; init; } = FailurePolicy.Throw;

    /// <summary>
    /// The longest one rescoring may take, from its start (reading stored fields included) until the reranker returns;
    /// <c>null</c> (default) for no limit. When it runs out, the reranker's token is cancelled and the rescoring stops
    /// waiting even if the reranker ignores its token; then <see cref="FailurePolicy"/> decides: a
    /// <see cref="TimeoutException"/> or the first-pass order.
    /// </summary>
    public TimeSpan? TimeBudget
    {
        get => _timeBudget;
        init => _timeBudget = value is null || value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(TimeBudget), value, "TimeBudget must be positive, or null for no limit.");
    }

    /// <summary>
    /// Where the rescorer logs (category <c>LuceneRerank.Rescoring</c>): a fallback to the first-pass order at
    /// Warning with its reason, the reranker and the exception; an exception that reaches the caller at Error; each
    /// rescoring's time at Debug. <c>null</c> (default): no logging at all. Query texts are never logged.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
