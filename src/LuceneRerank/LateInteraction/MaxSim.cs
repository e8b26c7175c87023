using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LuceneRerank.LateInteraction;

/// <summary>
/// The late-interaction score of ColBERT: for every query row the largest dot product with any document row, summed
/// over the query rows. With L2-normalised rows each dot product is a cosine similarity.
/// </summary>
/// <remarks>
/// SIMD through <see cref="Vector{T}"/>: four query rows are compared with each document row at once, so each document
/// row is loaded once per four query rows; dimensions that do not fill a vector are finished with
/// <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>. A document with no rows scores 0 (no
/// token matches anything), as does a query with no rows.
/// </remarks>
public static class MaxSim
{
    private const int QueryBlock = 4;

    /// <summary>The MaxSim score of <paramref name="document"/> for <paramref name="query"/>.</summary>
    /// <exception cref="ArgumentException">The two have different dimensions.</exception>
    public static float Score(TokenEmbeddings query, TokenEmbeddings document)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(document);
        if (query.Dimension != document.Dimension)
        {
            throw new ArgumentException(
                $"The query's token embeddings have {query.Dimension} dimensions but the document's have {document.Dimension}: they come from different models.",
                nameof(document));
        }

        return Score(query.Span, document.Span, query.Count, document.Count, query.Dimension);
    }

    /// <summary>MaxSim over raw row-major spans (<paramref name="queryRows"/> and <paramref name="documentRows"/> rows of <paramref name="dimension"/>).</summary>
    internal static float Score(ReadOnlySpan<float> query, ReadOnlySpan<float> document, int queryRows, int documentRows, int dimension)
    {
        if (queryRows == 0 || documentRows == 0)
        {
            return 0f;
        }

        var total = 0f;
        var q = 0;
        for (; q + QueryBlock <= queryRows; q += QueryBlock)
        {
            total += BlockOfFour(query.Slice(q * dimension, QueryBlock * dimension), document, documentRows, dimension);
        }

        for (; q < queryRows; q++)
        {
            var row = query.Slice(q * dimension, dimension);
            var best = float.NegativeInfinity;
            for (var d = 0; d < documentRows; d++)
            {
                best = MathF.Max(best, TensorPrimitives.Dot(row, document.Slice(d * dimension, dimension)));
            }

            total += best;
        }

        return total;
    }

    /// <summary>The sum of the best dot products of four consecutive query rows.</summary>
    private static float BlockOfFour(ReadOnlySpan<float> queries, ReadOnlySpan<float> document, int documentRows, int dimension)
    {
        var width = Vector<float>.Count;
        var vectorized = dimension - (dimension % width);
        var q0 = queries[..dimension];
        var q1 = queries.Slice(dimension, dimension);
        var q2 = queries.Slice(2 * dimension, dimension);
        var q3 = queries.Slice(3 * dimension, dimension);
        var v0 = MemoryMarshal.Cast<float, Vector<float>>(q0[..vectorized]);
        var v1 = MemoryMarshal.Cast<float, Vector<float>>(q1[..vectorized]);
        var v2 = MemoryMarshal.Cast<float, Vector<float>>(q2[..vectorized]);
        var v3 = MemoryMarshal.Cast<float, Vector<float>>(q3[..vectorized]);
        float best0 = float.NegativeInfinity, best1 = float.NegativeInfinity, best2 = float.NegativeInfinity, best3 = float.NegativeInfinity;
        for (var d = 0; d < documentRows; d++)
        {
            var row = document.Slice(d * dimension, dimension);
            var rowVectors = MemoryMarshal.Cast<float, Vector<float>>(row[..vectorized]);
            Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (var i = 0; i < rowVectors.Length; i++)
            {
                var x = rowVectors[i];
                a0 += x * v0[i];
                a1 += x * v1[i];
                a2 += x * v2[i];
                a3 += x * v3[i];
            }

            float s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
            if (vectorized < dimension)
            {
                var tail = row[vectorized..];
                s0 += TensorPrimitives.Dot(tail, q0[vectorized..]);
                s1 += TensorPrimitives.Dot(tail, q1[vectorized..]);
                s2 += TensorPrimitives.Dot(tail, q2[vectorized..]);
                s3 += TensorPrimitives.Dot(tail, q3[vectorized..]);
            }

            best0 = Max(best0, s0);
            best1 = Max(best1, s1);
            best2 = Max(best2, s2);
            best3 = Max(best3, s3);
        }

        return best0 + best1 + best2 + best3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Max(float a, float b) => a > b ? a : b;
}
