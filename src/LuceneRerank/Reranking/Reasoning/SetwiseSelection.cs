namespace LuceneRerank.Reranking.Reasoning;

/// <summary>
/// The top-K selection of a setwise reranker, independent of any model: <c>best</c> is asked for the best member of
/// a set of item positions (returns its index in the set) and is called once per generation.
/// </summary>
internal static class SetwiseSelection
{
    /// <summary>
    /// The order of items 0..<paramref name="count"/>−1: the top <paramref name="topK"/> selected with sets of
    /// <paramref name="setSize"/>, best first, then the others in their original order.
    /// </summary>
    public static async Task<int[]> SelectAsync(
        int count, int setSize, int topK, SetwiseStrategy strategy, Func<int[], Task<int>> best)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(setSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        var k = Math.Min(topK, count);
        var top = strategy == SetwiseStrategy.Bubble
            ? await BubbleAsync(count, setSize, k, best).ConfigureAwait(false)
            : await HeapAsync(count, setSize, k, best).ConfigureAwait(false);
        var chosen = new HashSet<int>(top);
        return [.. top, .. Enumerable.Range(0, count).Where(i => !chosen.Contains(i))];
    }

    /// <summary>The exact number of generations of <see cref="SetwiseStrategy.Bubble"/>: Σ_{p=0}^{K−1} ⌈(n − p − 1) / (k − 1)⌉.</summary>
    public static long BubbleGenerations(int count, int setSize, int topK)
    {
        long total = 0;
        for (var p = 0; p < Math.Min(topK, count); p++)
        {
            total += (count - p - 1 + setSize - 2) / (setSize - 1);
        }

        return total;
    }

    private static async Task<int[]> BubbleAsync(int count, int setSize, int k, Func<int[], Task<int>> best)
    {
        var items = Enumerable.Range(0, count).ToArray();
        for (var pass = 0; pass < k; pass++)
        {
            // Sets slide from the bottom up, each overlapping the next by one item (the best so far).
            for (var end = count; end - pass > 1;)
            {
                var start = Math.Max(pass, end - setSize);
                var set = items[start..end];
                var winner = await best(set).ConfigureAwait(false);
                (items[start], items[start + winner]) = (items[start + winner], items[start]);
                end = start + 1;
            }
        }

        return items[..k];
    }

    private static async Task<int[]> HeapAsync(int count, int setSize, int k, Func<int[], Task<int>> best)
    {
        var heap = Enumerable.Range(0, count).ToArray();
        var arity = setSize - 1;
        for (var node = (count - 2) / arity; node >= 0 && count > 1; node--)
        {
            await SiftDownAsync(heap, node, count, arity, best).ConfigureAwait(false);
        }

        var top = new int[k];
        for (var t = 0; t < k; t++)
        {
            top[t] = heap[0];
            var size = count - t - 1;
            if (t == k - 1 || size == 0)
            {
                break;
            }

            heap[0] = heap[size];
            await SiftDownAsync(heap, 0, size, arity, best).ConfigureAwait(false);
        }

        return top;
    }

    /// <summary>Lets the item at <paramref name="node"/> sink while the model prefers one of its children.</summary>
    private static async Task SiftDownAsync(int[] heap, int node, int size, int arity, Func<int[], Task<int>> best)
    {
        while (true)
        {
            var first = (arity * node) + 1;
            if (first >= size)
            {
                return;
            }

            var last = Math.Min(first + arity, size);
            int[] set = [heap[node], .. heap[first..last]];
            var winner = await best(set).ConfigureAwait(false);
            if (winner == 0)
            {
                return;
            }

            var child = first + winner - 1;
            (heap[node], heap[child]) = (heap[child], heap[node]);
            node = child;
        }
    }
}
