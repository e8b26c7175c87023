using LuceneRerank.Reranking.Reasoning;

namespace LuceneRerank.Tests.Reranking.Reasoning;

/// <summary>The setwise top-K selection alone, with an exact comparator in place of the model.</summary>
public sealed class SetwiseSelectionTests
{
    private static async Task<(int[] Order, int Generations)> Select(int[] relevance, int setSize, int topK, SetwiseStrategy strategy, bool parentAlwaysWins = false)
    {
        var generations = 0;
        var order = await SetwiseSelection.SelectAsync(relevance.Length, setSize, topK, strategy, set =>
        {
            generations++;
            Assert.That(set, Has.Length.InRange(2, setSize), "every set has 2..k members");
            var best = parentAlwaysWins ? 0 : Array.IndexOf(set, set.MaxBy(i => relevance[i]));
            return Task.FromResult(best);
        });
        return (order, generations);
    }

    private static int[] Shuffled(int count, int seed)
    {
        var values = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(values);
        return values;
    }

    [TestCase(SetwiseStrategy.HeapSort, 20, 4, 10)]
    [TestCase(SetwiseStrategy.HeapSort, 100, 5, 10)]
    [TestCase(SetwiseStrategy.HeapSort, 7, 2, 7)]
    [TestCase(SetwiseStrategy.HeapSort, 13, 20, 5)]
    [TestCase(SetwiseStrategy.Bubble, 20, 4, 10)]
    [TestCase(SetwiseStrategy.Bubble, 100, 5, 10)]
    [TestCase(SetwiseStrategy.Bubble, 7, 2, 7)]
    public async Task Top_k_is_the_exact_top_k_and_the_rest_keeps_its_original_order(SetwiseStrategy strategy, int count, int setSize, int topK)
    {
        for (var seed = 1; seed <= 5; seed++)
        {
            var relevance = Shuffled(count, seed);

            var (order, _) = await Select(relevance, setSize, topK, strategy);

            var ideal = RelevanceOracle.IdealOrder(relevance);
            Assert.That(order[..topK], Is.EqualTo(ideal[..topK]), $"seed {seed}");
            var rest = order[topK..];
            Assert.That(rest, Is.Ordered, "the others in their original order");
            Assert.That(order.Order(), Is.EqualTo(Enumerable.Range(0, count)), "a permutation");
        }
    }

    // Σ_{p<K} ceil((n − p − 1) / (k − 1)), worked by hand: (10,4,3): 3+3+3; (5,3,5): 2+2+1+1+0; (20,20,10): ten 1s; (6,2,2): 5+4.
    [TestCase(10, 4, 3, 9)]
    [TestCase(5, 3, 5, 6)]
    [TestCase(20, 20, 10, 10)]
    [TestCase(6, 2, 2, 9)]
    public async Task Bubble_sort_takes_exactly_the_documented_number_of_generations(int count, int setSize, int topK, int expected)
    {
        var (_, generations) = await Select(Shuffled(count, 3), setSize, topK, SetwiseStrategy.Bubble);

        Assert.That(generations, Is.EqualTo(expected));
        Assert.That(SetwiseSelection.BubbleGenerations(count, setSize, topK), Is.EqualTo(expected));
    }

    [Test]
    public async Task Heap_sort_generations_follow_a_hand_traced_run()
    {
        // n 5, sets of 3 (binary heap), K 2, relevance = index: build sifts node 1 (1 set) then node 0 (2 sets, it sinks
        // one level); the first extraction moves item 1 to the root, which sinks once (2 sets): 5 generations.
        var (order, generations) = await Select([0, 1, 2, 3, 4], 3, 2, SetwiseStrategy.HeapSort);

        Assert.That(order, Is.EqualTo(new[] { 4, 3, 0, 1, 2 }));
        Assert.That(generations, Is.EqualTo(5));
    }

    [TestCase(20, 4, 10)]
    [TestCase(100, 5, 10)]
    [TestCase(9, 3, 9)]
    public async Task Heap_sort_takes_the_documented_minimum_when_nothing_sinks(int count, int setSize, int topK)
    {
        // The minimum: one generation per internal node, ceil((n − 1) / d), and one per extraction, min(K − 1, n − 2).
        var d = setSize - 1;
        var expected = ((count - 1 + d - 1) / d) + Math.Min(topK - 1, count - 2);

        var (_, generations) = await Select(Shuffled(count, 7), setSize, topK, SetwiseStrategy.HeapSort, parentAlwaysWins: true);

        Assert.That(generations, Is.EqualTo(expected));
    }

    [TestCase(5, 5, 3)]
    [TestCase(20, 20, 10)]
    [TestCase(4, 10, 10)]
    public async Task Heap_sort_over_one_set_takes_exactly_one_plus_min_k_minus_1_n_minus_2(int count, int setSize, int topK)
    {
        var (_, generations) = await Select(Shuffled(count, 5), setSize, topK, SetwiseStrategy.HeapSort);

        Assert.That(generations, Is.EqualTo(1 + Math.Min(Math.Min(topK, count) - 1, count - 2)));
    }

    [TestCase(0)]
    [TestCase(1)]
    public async Task Nothing_to_compare_takes_no_generation(int count)
    {
        foreach (var strategy in new[] { SetwiseStrategy.HeapSort, SetwiseStrategy.Bubble })
        {
            var (order, generations) = await Select([.. Enumerable.Range(0, count)], 4, 10, strategy);

            Assert.That(generations, Is.Zero);
            Assert.That(order, Is.EqualTo(Enumerable.Range(0, count)));
        }
    }
}
