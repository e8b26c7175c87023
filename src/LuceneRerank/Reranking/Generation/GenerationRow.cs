namespace LuceneRerank.Reranking.Generation;

/// <summary>One prompt's continuation while it is generated: its tokens, text, tracked log-probabilities and why it ended.</summary>
internal sealed class GenerationRow
{
    private readonly List<int> _tokens = [];
    private readonly List<IReadOnlyDictionary<int, float>> _tracked = [];

    /// <summary>Creates the row of prompt <paramref name="promptIndex"/>.</summary>
    public GenerationRow(int promptIndex, int[] prompt, int maxNewTokens, TokenSampler sampler, ContinuationText text)
    {
        PromptIndex = promptIndex;
        Prompt = prompt;
        MaxNewTokens = maxNewTokens;
        Sampler = sampler;
        Text = text;
    }

    /// <summary>The index of the prompt in the caller's list.</summary>
    public int PromptIndex { get; }

    /// <summary>The prompt's token ids.</summary>
    public int[] Prompt { get; }

    /// <summary>The most tokens this row may generate: the option, lowered so that no position passes the model's maximum.</summary>
    public int MaxNewTokens { get; }

    /// <summary>Picks this row's tokens.</summary>
    public TokenSampler Sampler { get; }

    /// <summary>The continuation's text.</summary>
    public ContinuationText Text { get; }

    /// <summary>The tokens generated so far.</summary>
    public IReadOnlyList<int> Tokens => _tokens;

    /// <summary>Why the row ended; null while it goes on.</summary>
    public GenerationStopReason? StopReason { get; private set; }

    /// <summary>
    /// Records the next token (and its tracked log-probabilities) and decides whether the row ends; returns the text
    /// the token adds to the stream. <paramref name="timeUp"/>: the time budget ran out, so a row that would go on
    /// ends with <see cref="GenerationStopReason.TimeBudget"/>.
    /// </summary>
    public string Accept(int token, IReadOnlyDictionary<int, float> tracked, GenerationSettings settings, bool timeUp)
    {
        _tokens.Add(token);
        _tracked.Add(tracked);
        var endOfSequence = settings.EndOfSequenceIds.Contains(token);
        var stopToken = !endOfSequence && settings.StopTokenIds.Contains(token);
        var piece = Text.Add(token, endsText: endOfSequence || stopToken);
        StopReason = endOfSequence ? GenerationStopReason.EndOfSequence
            : stopToken ? GenerationStopReason.StopToken
            : Text.StopStringMatched ? GenerationStopReason.StopString
            : _tokens.Count >= MaxNewTokens ? GenerationStopReason.MaxNewTokens
            : timeUp ? GenerationStopReason.TimeBudget
            : null;
        return StopReason is GenerationStopReason.MaxNewTokens or GenerationStopReason.TimeBudget ? piece + Text.Finish() : piece;
    }

    /// <summary>Ends the row before any token: the time budget ran out before its prompt was prefilled.</summary>
    public void EndBeforeStart() => StopReason = GenerationStopReason.TimeBudget;

    /// <summary>The result.</summary>
    public GeneratedText ToResult() =>
        new(Text.Text, [.. _tokens], Prompt.Length, StopReason ?? throw new InvalidOperationException("The row has not ended."), [.. _tracked]);
}
