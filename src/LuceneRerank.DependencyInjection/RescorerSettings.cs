using System.Globalization;
using LuceneRerank.Rescoring;

namespace LuceneRerank.DependencyInjection;

/// <summary>
/// One rescorer as written in configuration (<c>LuceneRerank:Rescorers:NAME</c>): which reranker it runs and the
/// <see cref="NeuralRescorerOptions"/> it uses, as plain settable properties that <c>Microsoft.Extensions.Configuration</c>
/// binds. Every property left unset keeps <see cref="NeuralRescorerOptions"/>' default.
/// </summary>
public sealed class RescorerSettings
{
    /// <summary>The registration name of the reranker this rescorer runs. Required.</summary>
    public string? Reranker { get; set; }

    /// <summary>First-pass hits reranked; default <see cref="NeuralRescorerOptions.DefaultWindow"/>.</summary>
    public int Window { get; set; } = NeuralRescorerOptions.DefaultWindow;

    /// <summary>Stored fields joined into the passage, in order; <c>null</c> (default) for <c>text</c>.</summary>
    public string[]? Fields { get; set; }

    /// <summary>Put between joined field values; <c>null</c> for the default (a newline).</summary>
    public string? Separator { get; set; }

    /// <summary>Passage length cap in characters; <c>null</c> for <see cref="PassageTextSource.DefaultMaxCharacters"/>.</summary>
    public int? MaxCharacters { get; set; }

    /// <summary>What to do when a document has none of the fields; <see cref="MissingFieldsPolicy.EmptyPassage"/> by default.</summary>
    public MissingFieldsPolicy MissingFields { get; set; } = MissingFieldsPolicy.EmptyPassage;

    /// <summary>Score fusion in <see cref="ScoreFusion.Parse"/> syntax: <c>replace</c> (default), <c>linear:W1,W2</c>,
    /// <c>minmax[:W1,W2]</c>, <c>zscore[:W1,W2]</c> or <c>rrf[:K]</c>.</summary>
    public string Fusion { get; set; } = "replace";

    /// <summary>What happens to hits below the window; <see cref="BeyondWindowPolicy.Append"/> by default.</summary>
    public BeyondWindowPolicy BeyondWindow { get; set; } = BeyondWindowPolicy.Append;

    /// <summary>What happens when the reranker fails or the budget runs out; <see cref="FailurePolicy.Throw"/> by default.</summary>
    public FailurePolicy FailurePolicy { get; set; } = FailurePolicy.Throw;

    /// <summary>The time budget of one rescoring (for example <c>00:00:00.500</c>); <c>null</c> for none.</summary>
    public TimeSpan? TimeBudget { get; set; }

    /// <summary>The rescorer options these settings describe.</summary>
    /// <param name="name">The rescorer's registration name, for error messages.</param>
    /// <param name="loggerFactory">The application's logger factory (fallbacks are logged at Warning), or <c>null</c>.</param>
    /// <exception cref="InvalidOperationException">A value is out of range or the fusion cannot be parsed; the message
    /// names the configuration key.</exception>
    public NeuralRescorerOptions ToOptions(string name, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
    {
        var prefix = $"LuceneRerank:Rescorers:{name}:";
        try
        {
            var source = new PassageTextSource(Fields is { Length: > 0 } fields ? fields : ["text"])
            {
                Separator = Separator ?? "\n",
                MaxCharacters = MaxCharacters ?? PassageTextSource.DefaultMaxCharacters,
                MissingFields = MissingFields,
            };
            return new NeuralRescorerOptions
            {
                Window = Window,
                TextSource = source,
                Fusion = ScoreFusion.Parse(Fusion),
                BeyondWindow = BeyondWindow,
                FailurePolicy = FailurePolicy,
                TimeBudget = TimeBudget,
                LoggerFactory = loggerFactory,
            };
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"LuceneRerank rescorer '{name}' has an invalid setting under {prefix}*: {e.Message}"), e);
        }
    }

    /// <summary><see cref="Reranker"/>, or an exception naming the rescorer whose settings lack it.</summary>
    public string RequireReranker(string name) => string.IsNullOrWhiteSpace(Reranker)
        ? throw new InvalidOperationException(
            $"LuceneRerank rescorer '{name}' has no Reranker: set LuceneRerank:Rescorers:{name}:Reranker to the name of a registered reranker.")
        : Reranker;
}
