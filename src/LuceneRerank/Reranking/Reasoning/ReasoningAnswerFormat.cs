namespace LuceneRerank.Reranking.Reasoning;

/// <summary>
/// How a reasoning model's output is split into its reasoning and its answer: the reasoning is inside
/// <see cref="ThinkStart"/> … <see cref="ThinkEnd"/> (the start tag may be in the prompt already, as in Qwen3's chat
/// format), the answer inside <see cref="AnswerStart"/> … <see cref="AnswerEnd"/> after it.
/// </summary>
/// <remarks>
/// <para>Reasoning: the text before <see cref="ThinkEnd"/> (without a leading <see cref="ThinkStart"/>); without
/// <see cref="ThinkEnd"/>, the text before <see cref="AnswerStart"/>, or all of it when there is no answer.</para>
/// <para>Answer: the text after <see cref="AnswerStart"/> (searched after the reasoning) up to <see cref="AnswerEnd"/>
/// or the end of the output (the end tag is a stop string, which the generator cuts off). With an empty
/// <see cref="AnswerStart"/> the answer is all the text after <see cref="ThinkEnd"/>. No answer start (or no end of
/// reasoning, with an empty answer start) means no answer: the reranker's documented fallback applies and is counted.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed record ReasoningAnswerFormat
{
    /// <summary>Opens the reasoning. Default <c>&lt;think&gt;</c>.</summary>
    public string ThinkStart { get; init; } = "<think>";

    /// <summary>Closes the reasoning. Default <c>&lt;/think&gt;</c>.</summary>
    public string ThinkEnd { get; init; } = "</think>";

    /// <summary>Opens the answer; empty: the answer is the text after <see cref="ThinkEnd"/>. Default <c>&lt;answer&gt;</c>.</summary>
    public string AnswerStart { get; init; } = "<answer>";

    /// <summary>Closes the answer (also a stop string of the generation); may be empty. Default <c>&lt;/answer&gt;</c>.</summary>
    public string AnswerEnd { get; init; } = "</answer>";
}
