namespace LuceneRerank.LateInteraction;

/// <summary>
/// The token embeddings of one text, as a late-interaction (ColBERT) model gives them: <see cref="Count"/> rows of
/// <see cref="Dimension"/> floats, row-major, each row L2-normalised when the model says so.
/// </summary>
public sealed class TokenEmbeddings
{
    private readonly float[] _values;

    /// <summary>Wraps <paramref name="values"/> (not copied) as <paramref name="count"/> rows of <paramref name="dimension"/> floats.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative or the dimension is below 1.</exception>
    /// <exception cref="ArgumentException">The array does not hold exactly count × dimension values.</exception>
    public TokenEmbeddings(float[] values, int count, int dimension)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if ((long)count * dimension != values.Length)
        {
            throw new ArgumentException(
                $"Token embeddings of {count} rows × {dimension} dimensions need {(long)count * dimension} values, not {values.Length}.",
                nameof(values));
        }

        _values = values;
        Count = count;
        Dimension = dimension;
    }

    /// <summary>The number of token rows (may be 0: a text with no kept tokens).</summary>
    public int Count { get; }

    /// <summary>The number of floats in each row.</summary>
    public int Dimension { get; }

    /// <summary>All rows, row-major: <see cref="Count"/> × <see cref="Dimension"/> floats.</summary>
    public ReadOnlyMemory<float> Values => _values;

    /// <summary>The row of token <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside 0 .. <see cref="Count"/> − 1.</exception>
    public ReadOnlySpan<float> Row(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Row index must be in 0..{Count - 1}.");
        }

        return new ReadOnlySpan<float>(_values, index * Dimension, Dimension);
    }

    /// <summary>All rows as one span (no copy).</summary>
    internal ReadOnlySpan<float> Span => _values;
}
