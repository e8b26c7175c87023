namespace LuceneRerank.Reranking.Llm;

/// <summary>
/// The model's next-token logits for a few chosen vocabulary ids at a sequence's last position, with the log of the
/// softmax normaliser over the whole vocabulary, so that log p(id) = <c>Logits[i] − LogSumExp</c>.
/// </summary>
/// <param name="Logits">The raw logits of the requested ids, in the order they were requested.</param>
/// <param name="LogSumExp">log Σ exp(logit) over the full vocabulary at that position.</param>
internal sealed record NextTokenLogits(float[] Logits, float LogSumExp)
{
    /// <summary>log p(requested id <paramref name="index"/>) under the full-vocabulary softmax.</summary>
    public float LogProbability(int index) => Logits[index] - LogSumExp;
}
