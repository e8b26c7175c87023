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
}
