using System.Buffers.Binary;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace LuceneRerank.LateInteraction;

/// <summary>
/// The binary layout of one document's token embeddings as stored in an index, and its encode / decode.
/// </summary>
/// <remarks>
/// <para><b>Layout</b> (little-endian): a 16-byte header — the magic bytes <c>LRTE</c>, the layout version (1 byte,
/// <see cref="Version"/>), the <see cref="EmbeddingEncoding"/> (1 byte), two zero bytes, the row count (int32) and the
/// dimension (int32) — then the rows: float32 or float16 components, or for <see cref="EmbeddingEncoding.Int8"/> per
/// row a float32 scale followed by <c>dimension</c> signed bytes.</para>
/// <para><b>Quantisation error.</b> For a row <c>d</c> decoded as <c>d'</c>: float32 is exact; float16 gives
/// <c>‖d − d'‖₂ ≤ 2⁻¹¹‖d‖₂ + √dim·2⁻²⁵</c>; int8 gives <c>‖d − d'‖₂ ≤ √dim·s/2</c> with <c>s = max|dᵢ| / 127</c>
/// (for a unit row of dimension 128 at most 0.045, usually far less). A MaxSim score over unit-norm query rows changes
/// by at most the query's row count times the largest row error (each query row's best dot product moves by at most
/// that, by Cauchy–Schwarz); <see cref="RowErrorBound"/> computes it.</para>
/// </remarks>
public static class StoredEmbeddingCodec
{
    /// <summary>The layout version this code writes and reads.</summary>
    public const int Version = 1;

    /// <summary>The header's size in bytes.</summary>
    public const int HeaderSize = 16;

    private static ReadOnlySpan<byte> Magic => "LRTE"u8;

    /// <summary>The encoded size in bytes of <paramref name="count"/> rows of <paramref name="dimension"/> components.</summary>
    /// <param name="encoding">The encoding.</param>
    /// <param name="count">Token rows (0 or more).</param>
    /// <param name="dimension">Components per row (1 or more).</param>
    public static long EncodedSize(EmbeddingEncoding encoding, int count, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        return HeaderSize + (long)count * RowSize(encoding, dimension);
    }

    /// <summary>Encodes <paramref name="count"/> rows of <paramref name="dimension"/> floats (row-major).</summary>
    /// <param name="values">The rows, row-major; exactly <paramref name="count"/> × <paramref name="dimension"/> finite floats.</param>
    /// <param name="count">Token rows.</param>
    /// <param name="dimension">Components per row.</param>
    /// <param name="encoding">How to store the components.</param>
    /// <returns>The header followed by the rows.</returns>
    /// <exception cref="ArgumentException">The length does not match, or a value is not finite (or too large for float16).</exception>
    public static byte[] Encode(ReadOnlySpan<float> values, int count, int dimension, EmbeddingEncoding encoding)
    {
        var size = EncodedSize(encoding, count, dimension);
        if ((long)count * dimension != values.Length)
        {
            throw new ArgumentException(
                $"{values.Length} values were given for {count} rows of dimension {dimension} ({(long)count * dimension} expected).", nameof(values));
        }

        if (size > Array.MaxLength)
        {
            throw new ArgumentException($"{count} rows of dimension {dimension} need {size} bytes, more than one array holds.", nameof(count));
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]) || encoding == EmbeddingEncoding.Float16 && Math.Abs(values[i]) > (float)Half.MaxValue)
            {
                throw new ArgumentException(
                    $"component {i % dimension} of row {i / dimension} is {values[i].ToString(CultureInfo.InvariantCulture)}, " +
                    $"which {encoding} cannot store (token embeddings must be finite{(encoding == EmbeddingEncoding.Float16 ? " and within ±65504" : "")}).",
                    nameof(values));
            }
        }

        var data = new byte[size];
        Magic.CopyTo(data);
        data[4] = Version;
        data[5] = (byte)encoding;
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(8), count);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(12), dimension);
        var body = data.AsSpan(HeaderSize);
        switch (encoding)
        {
            case EmbeddingEncoding.Float32:
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(body[(i * 4)..], values[i]);
                }

                break;
            case EmbeddingEncoding.Float16:
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteHalfLittleEndian(body[(i * 2)..], (Half)values[i]);
                }

                break;
            default:
                for (var row = 0; row < count; row++)
                {
                    var source = values.Slice(row * dimension, dimension);
                    var target = body.Slice(row * (4 + dimension), 4 + dimension);
                    var scale = Int8Scale(source);
                    BinaryPrimitives.WriteSingleLittleEndian(target, scale);
                    for (var i = 0; i < dimension; i++)
                    {
                        target[4 + i] = unchecked((byte)(sbyte)Math.Clamp(MathF.Round(source[i] / scale), -127f, 127f));
                    }
                }

                break;
        }

        return data;
    }

    /// <summary>Reads and checks the header of a stored value (not its body's length: see <see cref="Decode"/>).</summary>
    /// <param name="data">The stored bytes.</param>
    /// <exception cref="StoredEmbeddingFormatException">Shorter than the header, not this layout, of another version or an unknown encoding.</exception>
    public static StoredEmbeddingHeader ReadHeader(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderSize)
        {
            throw new StoredEmbeddingFormatException(
                $"the stored token embeddings are {data.Length} bytes long, shorter than the {HeaderSize}-byte header (truncated or not token embeddings).");
        }

        if (!data[..4].SequenceEqual(Magic))
        {
            throw new StoredEmbeddingFormatException(
                $"the stored value does not start with the token-embedding magic bytes LRTE (found {Convert.ToHexString(data[..4])}); it is not token embeddings.");
        }

        if (data[4] != Version)
        {
            throw new StoredEmbeddingFormatException(
                $"the stored token embeddings have layout version {data[4]}, but this library reads version {Version}; re-embed the index with this version.");
        }

        var encoding = (EmbeddingEncoding)data[5];
        if (!Enum.IsDefined(encoding))
        {
            throw new StoredEmbeddingFormatException($"the stored token embeddings name the unknown encoding {data[5]} (known: 1 float32, 2 float16, 3 int8).");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(data[8..]);
        var dimension = BinaryPrimitives.ReadInt32LittleEndian(data[12..]);
        if (count < 0 || dimension <= 0)
        {
            throw new StoredEmbeddingFormatException(
                $"the stored token embeddings' header says {count} rows of dimension {dimension}; rows must be 0 or more and the dimension positive.");
        }

        return new StoredEmbeddingHeader(Version, encoding, count, dimension);
    }

    /// <summary>Decodes a stored value into <paramref name="destination"/> (row-major floats), checking its length.</summary>
    /// <param name="data">The stored bytes.</param>
    /// <param name="destination">Receives <see cref="StoredEmbeddingHeader.Length"/> floats; may be longer.</param>
    /// <returns>The header: how many rows of which dimension were written.</returns>
    /// <exception cref="StoredEmbeddingFormatException">The header is bad, or the body is shorter or longer than it says.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public static StoredEmbeddingHeader Decode(ReadOnlySpan<byte> data, Span<float> destination)
    {
        var header = ReadHeader(data);
        var expected = EncodedSize(header.Encoding, header.Count, header.Dimension);
        if (data.Length != expected)
        {
            throw new StoredEmbeddingFormatException(
                $"the stored token embeddings ({header.Count} rows of dimension {header.Dimension}, {header.Encoding}) should be {expected} bytes " +
                $"but are {data.Length}; the value is {(data.Length < expected ? "truncated" : "followed by stray bytes")}.");
        }

        if (destination.Length < header.Length)
        {
            throw new ArgumentException($"the destination holds {destination.Length} floats, fewer than the {header.Length} stored.", nameof(destination));
        }

        var body = data[HeaderSize..];
        var target = destination[..header.Length];
        switch (header.Encoding)
        {
            case EmbeddingEncoding.Float32 when BitConverter.IsLittleEndian:
                MemoryMarshal.Cast<byte, float>(body).CopyTo(target);
                break;
            case EmbeddingEncoding.Float32:
                for (var i = 0; i < target.Length; i++)
                {
                    target[i] = BinaryPrimitives.ReadSingleLittleEndian(body[(i * 4)..]);
                }

                break;
            case EmbeddingEncoding.Float16 when BitConverter.IsLittleEndian:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(body), target);
                break;
            case EmbeddingEncoding.Float16:
                for (var i = 0; i < target.Length; i++)
                {
                    target[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(body[(i * 2)..]);
                }

                break;
            default:
                var dimension = header.Dimension;
                for (var row = 0; row < header.Count; row++)
                {
                    var stored = body.Slice(row * (4 + dimension), 4 + dimension);
                    var scale = BinaryPrimitives.ReadSingleLittleEndian(stored);
                    var output = target.Slice(row * dimension, dimension);
                    TensorPrimitives.ConvertTruncating(MemoryMarshal.Cast<byte, sbyte>(stored[4..]), output);
                    TensorPrimitives.Multiply(output, scale, output);
                }

                break;
        }

        return header;
    }

    /// <summary>
    /// The largest Euclidean error <c>‖d − d'‖₂</c> that storing <paramref name="row"/> with <paramref name="encoding"/>
    /// can cause (see the remarks on the type); a MaxSim score over unit query rows moves by at most the query's row
    /// count times the largest such bound of the document's rows.
    /// </summary>
    internal static double RowErrorBound(EmbeddingEncoding encoding, ReadOnlySpan<float> row) => encoding switch
    {
        EmbeddingEncoding.Float32 => 0,
        EmbeddingEncoding.Float16 => Math.Pow(2, -11) * TensorPrimitives.Norm(row) + Math.Sqrt(row.Length) * Math.Pow(2, -25),
        _ => Math.Sqrt(row.Length) * Int8Scale(row) / 2 * (1 + 1e-6),
    };

    private static int RowSize(EmbeddingEncoding encoding, int dimension) => encoding switch
    {
        EmbeddingEncoding.Float32 => checked(4 * dimension),
        EmbeddingEncoding.Float16 => checked(2 * dimension),
        EmbeddingEncoding.Int8 => checked(4 + dimension),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "known encodings: Float32, Float16, Int8"),
    };

    /// <summary>The int8 scale of a row: its largest magnitude over 127 (1 for an all-zero row, so decoding is exact).</summary>
    private static float Int8Scale(ReadOnlySpan<float> row)
    {
        var max = row.IsEmpty ? 0 : TensorPrimitives.MaxMagnitude(row);
        return max > 0 ? Math.Abs(max) / 127f : 1f;
    }
}
