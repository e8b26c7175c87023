namespace LuceneRerank.Tests.Text;

/// <summary>Recognises where two Unigram segmentations differ only by how exact score ties were broken.</summary>
internal static class UnigramTies
{
    /// <summary>Same length; every run of differing positions is at most 3 tokens long and holds the same ids.</summary>
    public static bool IsTieReordering(int[] expected, int[] actual)
    {
        if (expected.Length != actual.Length)
        {
            return false;
        }

        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] == actual[i])
            {
                continue;
            }

            var end = i;
            while (end < expected.Length && expected[end] != actual[end])
            {
                end++;
            }

            if (end - i > 3 || !expected[i..end].Order().SequenceEqual(actual[i..end].Order()))
            {
                return false;
            }

            i = end;
        }

        return true;
    }

    /// <summary>Where two id sequences first differ, with a few ids on either side, for a failure message.</summary>
    public static string FirstDifference(int[] expected, int[] actual)
    {
        var at = 0;
        while (at < expected.Length && at < actual.Length && expected[at] == actual[at])
        {
            at++;
        }

        return $"first difference at token {at}: expected [{string.Join(",", expected.Skip(Math.Max(0, at - 3)).Take(8))}] " +
               $"got [{string.Join(",", actual.Skip(Math.Max(0, at - 3)).Take(8))}]";
    }
}
