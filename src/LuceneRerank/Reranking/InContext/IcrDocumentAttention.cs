using System.Globalization;

namespace LuceneRerank.Reranking.InContext;

/// <summary>
/// The attention behind one passage's in-context reranking score: what the query span paid to the passage's tokens,
/// what the content-free calibration query paid to them, and their difference, the score.
/// </summary>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed record IcrDocumentAttention
{
    /// <summary>The score: <see cref="QueryAttention"/> − <see cref="CalibrationAttention"/>; higher is more relevant.</summary>
    public required double Score { get; init; }

    /// <summary>Attention mass from the query span onto the passage's kept tokens (Σ layers, heads; mean over query tokens).</summary>
    public required double QueryAttention { get; init; }

    /// <summary>The same mass with the calibration query (<see cref="IcrPromptTemplate.CalibrationQuery"/>).</summary>
    public required double CalibrationAttention { get; init; }

    /// <summary>The passage's tokens in the prompt (its entry, label included).</summary>
    public required int Tokens { get; init; }

    /// <summary>The tokens kept: those whose calibrated attention is not below mean − 2 standard deviations of the passage's.</summary>
    public required int KeptTokens { get; init; }

    /// <summary>The 0-based prompt window the passage was read in (scores compare best within one window).</summary>
    public required int Window { get; init; }

    /// <summary>The number of windows of the call.</summary>
    public required int WindowCount { get; init; }

    /// <summary>Whether the passage was cut (to <see cref="IcrPromptTemplate.MaxDocumentTokens"/> or to fit the window).</summary>
    public required bool Truncated { get; init; }

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"ICR attention mass {Score:G6} = query {QueryAttention:G6} − calibration {CalibrationAttention:G6} over {KeptTokens} of {Tokens} tokens " +
        $"(window {Window + 1} of {WindowCount}{(Truncated ? ", passage truncated" : "")})");
}
