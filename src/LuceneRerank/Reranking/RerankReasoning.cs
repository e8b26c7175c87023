using System.Globalization;

namespace LuceneRerank.Reranking;

/// <summary>
/// What a generating reranker's model wrote about some passages of one call: its reasoning (cut to the reranker's
/// length), its answer and what the reranker made of it. Reported for every window, set or passage the model reasoned
/// about, and shown by <c>Explain</c> (<see cref="Rescoring.RescoreResult.Reasoning"/>).
/// </summary>
/// <param name="Passages">The passages the model was shown, as 0-based positions in the passages of the reranker call, in prompt order.</param>
/// <param name="Pass">The 1-based generation of the call this comes from.</param>
/// <param name="Text">The reasoning (the text inside the think tags), cut to the reranker's length with <c>…</c> appended when cut.</param>
/// <param name="Answer">The answer the model gave (after its reasoning), cut the same way; empty when it gave none.</param>
/// <param name="Outcome">What the reranker did with the answer, in words (for example the repairs of a permutation, or the fallback used).</param>
public sealed record RerankReasoning(IReadOnlyList<int> Passages, int Pass, string Text, string Answer, string Outcome)
{
    /// <summary>One line: the pass, the passages (1-based), the outcome, the answer and the reasoning.</summary>
    public override string ToString()
    {
        var passages = string.Join(",", Passages.Select(p => (p + 1).ToString(CultureInfo.InvariantCulture)));
        return $"pass {Pass.ToString(CultureInfo.InvariantCulture)} over passage(s) {passages}: {Outcome}; answer \"{Answer}\"; reasoning \"{Text}\"";
    }
}
