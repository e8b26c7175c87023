using LuceneRerank.Reranking.Reasoning;

namespace LuceneRerank.Tests.Reranking.Reasoning;

public sealed class PermutationAnswerTests
{
    [Test]
    public void A_clean_permutation_is_read_as_written()
    {
        var answer = PermutationAnswer.Parse("[3] > [1] > [4] > [2]", 4);

        Assert.That(answer.Order, Is.EqualTo(new[] { 2, 0, 3, 1 }));
        Assert.That(answer.Clean, Is.True);
    }

    [Test]
    public void Missing_ids_are_appended_in_window_order_and_counted()
    {
        var answer = PermutationAnswer.Parse("[4] > [2]", 5);

        Assert.That(answer.Order, Is.EqualTo(new[] { 3, 1, 0, 2, 4 }));
        Assert.That((answer.Missing, answer.Repeated, answer.OutOfRange), Is.EqualTo((3, 0, 0)));
    }

    [Test]
    public void Repeated_ids_keep_their_first_place_and_are_counted()
    {
        var answer = PermutationAnswer.Parse("[2] > [2] > [1] > [2] > [3]", 3);

        Assert.That(answer.Order, Is.EqualTo(new[] { 1, 0, 2 }));
        Assert.That((answer.Missing, answer.Repeated, answer.OutOfRange), Is.EqualTo((0, 2, 0)));
    }

    [Test]
    public void Out_of_range_ids_are_ignored_and_counted()
    {
        var answer = PermutationAnswer.Parse("[0] > [3] > [7] > [1] > [99999999999]", 3);

        Assert.That(answer.Order, Is.EqualTo(new[] { 2, 0, 1 }));
        Assert.That((answer.Missing, answer.Repeated, answer.OutOfRange), Is.EqualTo((1, 0, 3)));
        Assert.That(answer.Describe(), Does.Contain("1 missing").And.Contain("3 out-of-range"));
    }

    [TestCase(null)]
    [TestCase("I cannot rank these.")]
    public void No_ids_keep_the_window_order(string? text)
    {
        var answer = PermutationAnswer.Parse(text, 3);

        Assert.That(answer.Order, Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(answer.Missing, Is.EqualTo(3));
    }

    [Test]
    public void Separators_other_than_brackets_are_read_too()
    {
        Assert.That(PermutationAnswer.Parse("2, 3, 1", 3).Order, Is.EqualTo(new[] { 1, 2, 0 }));
    }
}
