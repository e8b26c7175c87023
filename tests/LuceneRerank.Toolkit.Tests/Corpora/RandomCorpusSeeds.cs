namespace LuceneRerank.Toolkit.Tests.Corpora;

/// <summary>
/// The seeds the randomized corpus tests run: a fixed set in CI; <c>LRR_RANDOM_ITERATIONS=N</c> adds N seeds drawn from
/// the clock (printed), and <c>LRR_RANDOM_SEED=S</c> runs one seed only (to rerun a failure).
/// </summary>
internal static class RandomCorpusSeeds
{
    /// <summary>The fixed CI seeds.</summary>
    public static readonly int[] Fixed = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181, 6765, 10946];

    public static IEnumerable<int> All()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("LRR_RANDOM_SEED"), out var one))
        {
            return [one];
        }

        var extra = int.TryParse(Environment.GetEnvironmentVariable("LRR_RANDOM_ITERATIONS"), out var n) ? n : 0;
        var start = new Random().Next();
        if (extra > 0)
        {
            TestContext.Progress.WriteLine($"randomized corpus tests: {extra} extra seeds from {start}");
        }

        return Fixed.Concat(Enumerable.Range(0, extra).Select(i => unchecked(start + i)));
    }
}
