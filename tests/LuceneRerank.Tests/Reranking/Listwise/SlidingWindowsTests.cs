using LuceneRerank.Reranking.Listwise;

namespace LuceneRerank.Tests.Reranking.Listwise;

public sealed class SlidingWindowsTests
{
    [Test]
    public void Defaults_over_100_hits_make_nine_windows_from_the_back()
    {
        var plan = SlidingWindows.Plan(100, 20, 10);
        Assert.That(plan, Has.Count.EqualTo(9));
        Assert.That(plan[0], Is.EqualTo((80, 100)));
        Assert.That(plan[1], Is.EqualTo((70, 90)));
        Assert.That(plan[^1], Is.EqualTo((0, 20)));
    }

    [Test]
    public void Fewer_hits_than_a_window_make_one_window()
    {
        Assert.That(SlidingWindows.Plan(7, 20, 10), Is.EqualTo(new[] { (0, 7) }));
        Assert.That(SlidingWindows.Plan(20, 20, 10), Is.EqualTo(new[] { (0, 20) }));
        Assert.That(SlidingWindows.Plan(0, 20, 10), Is.Empty);
    }

    [Test]
    public void Window_equal_to_stride_makes_disjoint_windows_the_first_possibly_short()
    {
        Assert.That(SlidingWindows.Plan(5, 2, 2), Is.EqualTo(new[] { (3, 5), (1, 3), (0, 1) }));
        Assert.That(SlidingWindows.Plan(40, 20, 20), Is.EqualTo(new[] { (20, 40), (0, 20) }));
    }

    [Test]
    public void One_more_hit_than_a_window_needs_a_second_window()
    {
        Assert.That(SlidingWindows.Plan(21, 20, 10), Is.EqualTo(new[] { (1, 21), (0, 11) }), "as RankGPT: each window ends a stride earlier; the first is clamped at 0");
    }

    [Test]
    public void A_stride_longer_than_the_window_or_zero_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindows.Plan(10, 5, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindows.Plan(10, 5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindows.Plan(10, 0, 1));
    }
}
