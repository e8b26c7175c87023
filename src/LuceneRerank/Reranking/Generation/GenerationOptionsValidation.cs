namespace LuceneRerank.Reranking.Generation;

/// <summary>Checks a <see cref="GenerationOptions"/> before any pass runs, naming the option that is out of range.</summary>
internal static class GenerationOptionsValidation
{
    /// <summary>Throws <see cref="ArgumentException"/> for an option out of range for a model of <paramref name="vocabulary"/> logits.</summary>
    public static void Check(GenerationOptions options, int vocabulary)
    {
        const string name = "options";
        if (options.MaxNewTokens < 1)
        {
            throw new ArgumentOutOfRangeException(name, options.MaxNewTokens, $"GenerationOptions.MaxNewTokens is {options.MaxNewTokens}; it must be at least 1.");
        }

        if (!float.IsFinite(options.Temperature) || options.Temperature < 0)
        {
            throw new ArgumentOutOfRangeException(name, options.Temperature, $"GenerationOptions.Temperature is {options.Temperature}; it must be 0 (greedy) or positive.");
        }

        if (!(options.TopP > 0 && options.TopP <= 1))
        {
            throw new ArgumentOutOfRangeException(name, options.TopP, $"GenerationOptions.TopP is {options.TopP}; it must be above 0 and at most 1.");
        }

        if (options.TimeBudget is { } budget && budget < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, budget, $"GenerationOptions.TimeBudget is {budget}; it must not be negative.");
        }

        ArgumentNullException.ThrowIfNull(options.StopStrings, "options.StopStrings");
        ArgumentNullException.ThrowIfNull(options.StopTokenIds, "options.StopTokenIds");
        ArgumentNullException.ThrowIfNull(options.TrackedTokenIds, "options.TrackedTokenIds");
        if (options.StopStrings.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("GenerationOptions.StopStrings holds a null or empty string; every stop string needs at least one character.", name);
        }

        foreach (var (list, ids) in new[] { ("StopTokenIds", options.StopTokenIds), ("TrackedTokenIds", options.TrackedTokenIds) })
        {
            foreach (var id in ids)
            {
                if (id < 0 || id >= vocabulary)
                {
                    throw new ArgumentOutOfRangeException(name, id, $"GenerationOptions.{list} holds {id}, outside the model's vocabulary (size {vocabulary}).");
                }
            }
        }
    }
}
