namespace LuceneRerank.Reranking.Listwise;

/// <summary>The windows a sliding-window listwise rerank visits, from the back of the list to the front.</summary>
internal static class SlidingWindows
{
    /// <summary>
    /// The [start, end) ranges over <paramref name="count"/> items: the last window ends at the list's end, each
    /// next one is <paramref name="stride"/> earlier, the final one starts at 0. One window when the list is no
    /// longer than <paramref name="window"/>; none when it is empty. Passes = 1 + ⌈(count − window) / stride⌉.
    /// </summary>
    public static IReadOnlyList<(int Start, int End)> Plan(int count, int window, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        if (stride > window)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"The stride must not exceed the window ({window}), or some passages would never be seen.");
        }

        var windows = new List<(int, int)>();
        for (var end = count; end > 0; end -= stride)
        {
            var start = Math.Max(0, end - window);
            windows.Add((start, end));
            if (start == 0)
            {
                break;
            }
        }

        return windows;
    }
}
