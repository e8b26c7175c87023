namespace LuceneRerank.Reranking.Generative;

/// <summary>Resolves label strings to single, distinct token ids, or a clear error.</summary>
internal static class LabelTokens
{
    /// <summary>
    /// The ids of <paramref name="labels"/>; throws <see cref="InvalidDataException"/> naming <paramref name="source"/>
    /// and the label when one is not a single token or two share an id.
    /// </summary>
    public static int[] Resolve(IPromptLabelModel model, IReadOnlyList<string> labels, string source)
    {
        var ids = new int[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            ids[i] = model.SingleTokenId(labels[i]) ?? throw new InvalidDataException(
                $"{source}: label \"{labels[i]}\" is {model.Encode(labels[i]).Length} tokens in model '{model.Name}''s tokenizer; each label must be exactly one token.");
            var earlier = Array.IndexOf(ids, ids[i], 0, i);
            if (earlier >= 0)
            {
                throw new InvalidDataException($"{source}: labels \"{labels[earlier]}\" and \"{labels[i]}\" are the same token ({ids[i]}); labels must be distinct.");
            }
        }

        return ids;
    }
}
