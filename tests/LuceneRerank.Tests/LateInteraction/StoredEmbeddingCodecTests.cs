using System.Buffers.Binary;
using LuceneRerank.LateInteraction;

namespace LuceneRerank.Tests.LateInteraction;

/// <summary>The stored token-embedding layout: round trips, the quantisation bound, and damaged values refused clearly.</summary>
public sealed class StoredEmbeddingCodecTests
{
    private const int Dimension = 128;

    [Test]
    public void Float32RoundTripsExactly()
    {
        var values = UnitRows(count: 7, seed: 1);
        var data = StoredEmbeddingCodec.Encode(values, 7, Dimension, EmbeddingEncoding.Float32);
        var decoded = new float[values.Length];
        var header = StoredEmbeddingCodec.Decode(data, decoded);
        Assert.That(header, Is.EqualTo(new StoredEmbeddingHeader(1, EmbeddingEncoding.Float32, 7, Dimension)));
        Assert.That(decoded, Is.EqualTo(values));
        Assert.That(data, Has.Length.EqualTo(16 + 7 * Dimension * 4));
    }

    [TestCase(EmbeddingEncoding.Float16, 2 * Dimension)]
    [TestCase(EmbeddingEncoding.Int8, 4 + Dimension)]
    public void QuantisedRowsStayWithinTheDocumentedBound(EmbeddingEncoding encoding, int bytesPerRow)
    {
        const int count = 50;
        var values = UnitRows(count, seed: 2);
        var data = StoredEmbeddingCodec.Encode(values, count, Dimension, encoding);
        Assert.That(data, Has.Length.EqualTo(StoredEmbeddingCodec.HeaderSize + count * bytesPerRow));
        var decoded = new float[values.Length];
        StoredEmbeddingCodec.Decode(data, decoded);
        var largest = 0.0;
        for (var row = 0; row < count; row++)
        {
            var original = values.AsSpan(row * Dimension, Dimension);
            double squared = 0;
            for (var i = 0; i < Dimension; i++)
            {
                var difference = (double)original[i] - decoded[row * Dimension + i];
                squared += difference * difference;
            }

            var error = Math.Sqrt(squared);
            largest = Math.Max(largest, error);
            Assert.That(error, Is.LessThanOrEqualTo(StoredEmbeddingCodec.RowErrorBound(encoding, original)), $"row {row}");
        }

        // Quantisation really happened (the test would pass vacuously with an exact copy otherwise).
        Assert.That(largest, Is.GreaterThan(0));
    }

    [Test]
    public void Float16BodyIsLittleEndianHalves()
    {
        var data = StoredEmbeddingCodec.Encode([0.5f, -2f, 1f / 3], 1, 3, EmbeddingEncoding.Float16);
        Assert.That(data[..4], Is.EqualTo("LRTE"u8.ToArray()));
        Assert.That(data[4], Is.EqualTo(1));
        Assert.That(data[5], Is.EqualTo(2));
        Assert.That(BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(8)), Is.EqualTo(1));
        Assert.That(BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(12)), Is.EqualTo(3));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(16)), Is.EqualTo(0x3800)); // 0.5
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(18)), Is.EqualTo(0xC000)); // -2
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(20)), Is.EqualTo(0x3555)); // 1/3 rounded to nearest
    }

    [Test]
    public void Int8RowHoldsItsScaleThenRoundedBytes()
    {
        var data = StoredEmbeddingCodec.Encode([0.5f, -0.25f, 0.001f, 0f], 1, 4, EmbeddingEncoding.Int8);
        var scale = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(16));
        Assert.That(scale, Is.EqualTo(0.5f / 127));
        Assert.That(data.AsSpan(20, 4).ToArray().Select(b => (sbyte)b), Is.EqualTo(new sbyte[] { 127, -64, 0, 0 }));
    }

    [Test]
    public void AllZeroRowsAndEmptyDocumentsDecode()
    {
        foreach (var encoding in Enum.GetValues<EmbeddingEncoding>())
        {
            var zeros = new float[8];
            var decoded = new float[8];
            decoded.AsSpan().Fill(9);
            StoredEmbeddingCodec.Decode(StoredEmbeddingCodec.Encode(zeros, 2, 4, encoding), decoded);
            Assert.That(decoded, Is.All.EqualTo(0f), encoding.ToString());
            var empty = StoredEmbeddingCodec.Decode(StoredEmbeddingCodec.Encode([], 0, 4, encoding), []);
            Assert.That(empty.Count, Is.EqualTo(0));
        }
    }

    [Test]
    public void TruncatedValueIsRefusedNamingTheSizes()
    {
        var data = StoredEmbeddingCodec.Encode(UnitRows(3, seed: 3), 3, Dimension, EmbeddingEncoding.Float16);
        var exception = Assert.Throws<StoredEmbeddingFormatException>(() => StoredEmbeddingCodec.Decode(data.AsSpan(0, data.Length - 1), new float[3 * Dimension]));
        Assert.That(exception!.Message, Does.Contain("truncated").And.Contain($"should be {data.Length} bytes but are {data.Length - 1}"));
    }

    [Test]
    public void StrayBytesAfterTheRowsAreRefused()
    {
        var data = StoredEmbeddingCodec.Encode([1f, 0f], 1, 2, EmbeddingEncoding.Float32).Append((byte)0).ToArray();
        Assert.That(() => StoredEmbeddingCodec.Decode(data, new float[2]),
            Throws.TypeOf<StoredEmbeddingFormatException>().With.Message.Contains("stray bytes"));
    }

    [Test]
    public void ShortHeaderIsRefused() =>
        Assert.That(() => StoredEmbeddingCodec.ReadHeader(new byte[10]),
            Throws.TypeOf<StoredEmbeddingFormatException>().With.Message.Contains("shorter than the 16-byte header"));

    [Test]
    public void OtherBytesAreNotTakenForEmbeddings()
    {
        var data = StoredEmbeddingCodec.Encode([1f], 1, 1, EmbeddingEncoding.Float32);
        data[0] = (byte)'X';
        Assert.That(() => StoredEmbeddingCodec.ReadHeader(data),
            Throws.TypeOf<StoredEmbeddingFormatException>().With.Message.Contains("magic bytes LRTE"));
    }

    [Test]
    public void AnotherVersionIsRefused()
    {
        var data = StoredEmbeddingCodec.Encode([1f], 1, 1, EmbeddingEncoding.Float32);
        data[4] = 2;
        Assert.That(() => StoredEmbeddingCodec.ReadHeader(data),
            Throws.TypeOf<StoredEmbeddingFormatException>().With.Message.Contains("layout version 2"));
    }

    [Test]
    public void UnknownEncodingIsRefused()
    {
        var data = StoredEmbeddingCodec.Encode([1f], 1, 1, EmbeddingEncoding.Float32);
        data[5] = 7;
        Assert.That(() => StoredEmbeddingCodec.ReadHeader(data),
            Throws.TypeOf<StoredEmbeddingFormatException>().With.Message.Contains("unknown encoding 7"));
    }

    [Test]
    public void NegativeCountOrZeroDimensionIsRefused()
    {
        var data = StoredEmbeddingCodec.Encode([1f], 1, 1, EmbeddingEncoding.Float32);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(8), -1);
        Assert.That(() => StoredEmbeddingCodec.ReadHeader(data),
            Throws.TypeOf<StoredEmbeddingFormatException>().With.Message.Contains("-1 rows of dimension 1"));
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(8), 1);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(12), 0);
        Assert.That(() => StoredEmbeddingCodec.ReadHeader(data),
            Throws.TypeOf<StoredEmbeddingFormatException>().With.Message.Contains("dimension positive"));
    }

    [Test]
    public void ShortDestinationIsRefused()
    {
        var data = StoredEmbeddingCodec.Encode([1f, 2f], 1, 2, EmbeddingEncoding.Float32);
        Assert.That(() => StoredEmbeddingCodec.Decode(data, new float[1]), Throws.ArgumentException.With.Message.Contains("fewer than the 2 stored"));
    }

    [Test]
    public void NonFiniteOrMismatchedInputIsRefused()
    {
        Assert.That(() => StoredEmbeddingCodec.Encode([1f, float.NaN], 1, 2, EmbeddingEncoding.Int8),
            Throws.ArgumentException.With.Message.Contains("component 1 of row 0 is NaN"));
        Assert.That(() => StoredEmbeddingCodec.Encode([1e6f], 1, 1, EmbeddingEncoding.Float16),
            Throws.ArgumentException.With.Message.Contains("within ±65504"));
        Assert.That(() => StoredEmbeddingCodec.Encode([1f, 2f, 3f], 2, 2, EmbeddingEncoding.Float32),
            Throws.ArgumentException.With.Message.Contains("3 values were given for 2 rows of dimension 2"));
    }

    /// <summary>Random unit-length rows, as a ColBERT model's L2-normalised output.</summary>
    internal static float[] UnitRows(int count, int seed, int dimension = Dimension)
    {
        var random = new Random(seed);
        var values = new float[count * dimension];
        for (var row = 0; row < count; row++)
        {
            var slice = values.AsSpan(row * dimension, dimension);
            double norm = 0;
            for (var i = 0; i < dimension; i++)
            {
                slice[i] = (float)(random.NextDouble() * 2 - 1);
                norm += slice[i] * slice[i];
            }

            var inverse = (float)(1 / Math.Sqrt(norm));
            for (var i = 0; i < dimension; i++)
            {
                slice[i] *= inverse;
            }
        }

        return values;
    }
}
