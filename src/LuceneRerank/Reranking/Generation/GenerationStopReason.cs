namespace LuceneRerank.Reranking.Generation;

/// <summary>Why generation of one continuation ended.</summary>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public enum GenerationStopReason
{
    /// <summary>The model produced one of its end-of-sequence ids (config.json / generation_config.json).</summary>
    EndOfSequence,

    /// <summary>The model produced one of <see cref="GenerationOptions.StopTokenIds"/>.</summary>
    StopToken,

    /// <summary>The decoded text reached one of <see cref="GenerationOptions.StopStrings"/>.</summary>
    StopString,

    /// <summary><see cref="GenerationOptions.MaxNewTokens"/> tokens were generated.</summary>
    MaxNewTokens,

    /// <summary><see cref="GenerationOptions.TimeBudget"/> ran out; the text is partial.</summary>
    TimeBudget,
}
