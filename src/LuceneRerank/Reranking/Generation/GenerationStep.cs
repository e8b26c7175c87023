namespace LuceneRerank.Reranking.Generation;

/// <summary>One generated token, as streamed to <see cref="GenerationOptions.OnToken"/>.</summary>
/// <param name="PromptIndex">The index of the prompt in the list given to <see cref="ITextGenerator.GenerateAsync"/>.</param>
/// <param name="StepIndex">The index of the token among this prompt's generated tokens (0 for the first).</param>
/// <param name="TokenId">The generated token id.</param>
/// <param name="TokenText">
/// The text this token adds to the continuation (the decoded continuation after it minus the decoded continuation
/// before it; empty while a multi-byte character is incomplete).
/// </param>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed record GenerationStep(int PromptIndex, int StepIndex, int TokenId, string TokenText);
