namespace LuceneRerank.Reranking.Reasoning;

/// <summary>
/// Cumulative, thread-safe counters of a reasoning reranker beyond <see cref="RerankStatistics"/>: generations, prompt
/// and generated tokens, and every answer the reranker had to repair or replace (so bad model output is never silent).
/// </summary>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed class ReasoningStatistics
{
    private long _generations;
    private long _promptTokens;
    private long _generatedTokens;
    private long _tokenLimitHits;
    private long _missingAnswers;
    private long _outOfScaleAnswers;
    private long _expectedValueScores;
    private long _missingIds;
    private long _repeatedIds;
    private long _outOfRangeIds;

    /// <summary>Prompts the model generated a continuation for (the passes of the cost model).</summary>
    public long Generations => Interlocked.Read(ref _generations);

    /// <summary>Prompt tokens of those generations.</summary>
    public long PromptTokens => Interlocked.Read(ref _promptTokens);

    /// <summary>Tokens the model generated (reasoning and answers).</summary>
    public long GeneratedTokens => Interlocked.Read(ref _generatedTokens);

    /// <summary>Generations that stopped at the maximum of new tokens.</summary>
    public long TokenLimitHits => Interlocked.Read(ref _tokenLimitHits);

    /// <summary>Generations with no usable answer (no answer tag, or no number / label in it): the fallback was used.</summary>
    public long MissingAnswers => Interlocked.Read(ref _missingAnswers);

    /// <summary>Answers outside the scale (pointwise) or naming a label outside the set (setwise): the fallback was used.</summary>
    public long OutOfScaleAnswers => Interlocked.Read(ref _outOfScaleAnswers);

    /// <summary>Pointwise scores taken as the expected value over the score labels' probabilities.</summary>
    public long ExpectedValueScores => Interlocked.Read(ref _expectedValueScores);

    /// <summary>Listwise identifiers missing from an answer, appended in window order.</summary>
    public long MissingIds => Interlocked.Read(ref _missingIds);

    /// <summary>Listwise identifiers repeated in an answer, dropped.</summary>
    public long RepeatedIds => Interlocked.Read(ref _repeatedIds);

    /// <summary>Listwise integers outside the window's identifiers, ignored.</summary>
    public long OutOfRangeIds => Interlocked.Read(ref _outOfRangeIds);

    internal void AddGenerations(long generations, long promptTokens, long generatedTokens, long tokenLimitHits)
    {
        Interlocked.Add(ref _generations, generations);
        Interlocked.Add(ref _promptTokens, promptTokens);
        Interlocked.Add(ref _generatedTokens, generatedTokens);
        Interlocked.Add(ref _tokenLimitHits, tokenLimitHits);
    }

    internal void AddMissingAnswer() => Interlocked.Increment(ref _missingAnswers);

    internal void AddOutOfScaleAnswer() => Interlocked.Increment(ref _outOfScaleAnswers);

    internal void AddExpectedValueScore() => Interlocked.Increment(ref _expectedValueScores);

    internal void AddPermutationRepairs(long missing, long repeated, long outOfRange)
    {
        Interlocked.Add(ref _missingIds, missing);
        Interlocked.Add(ref _repeatedIds, repeated);
        Interlocked.Add(ref _outOfRangeIds, outOfRange);
    }
}
