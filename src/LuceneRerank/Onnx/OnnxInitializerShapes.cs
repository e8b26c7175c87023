using System.Text;

namespace LuceneRerank.Onnx;

/// <summary>
/// Reads initializer shapes straight from an ONNX file's protobuf (ONNX Runtime's API does not expose them), skipping
/// weight bytes, so that a model's word-embedding size can be checked against its tokenizer before loading.
/// </summary>
internal static class OnnxInitializerShapes
{
    // Field numbers from onnx.proto: ModelProto.graph = 7, GraphProto.initializer = 5,
    // TensorProto.dims = 1, TensorProto.name = 8.
    private const int ModelGraph = 7;
    private const int GraphInitializer = 5;
    private const int TensorDims = 1;
    private const int TensorName = 8;

    /// <summary>
    /// Rows of the initializer whose name contains <c>word_embeddings</c> (Hugging Face BERT exports name it
    /// <c>…embeddings.word_embeddings.weight</c>), or null when there is none or the file cannot be parsed
    /// (ONNX Runtime then reports the problem when it loads the file).
    /// </summary>
    public static int? WordEmbeddingRows(string modelPath)
    {
        try
        {
            using var stream = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            var reader = new Reader(stream);
            return FindInModel(reader, stream.Length);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            return null;
        }
    }

    private static int? FindInModel(Reader reader, long end)
    {
        while (reader.Position < end)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == ModelGraph && wireType == 2)
            {
                var length = reader.ReadVarint();
                return FindInGraph(reader, reader.Position + length);
            }

            reader.Skip(wireType);
        }

        return null;
    }

    private static int? FindInGraph(Reader reader, long end)
    {
        while (reader.Position < end)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == GraphInitializer && wireType == 2)
            {
                var length = reader.ReadVarint();
                var (name, firstDim) = ReadTensorHeader(reader, reader.Position + length);
                if (name is not null && name.Contains("word_embeddings", StringComparison.Ordinal) && firstDim is > 0 and <= int.MaxValue)
                {
                    return (int)firstDim.Value;
                }

                continue;
            }

            reader.Skip(wireType);
        }

        return null;
    }

    private static (string? Name, long? FirstDim) ReadTensorHeader(Reader reader, long end)
    {
        string? name = null;
        long? firstDim = null;
        while (reader.Position < end)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == TensorDims && wireType == 0)
            {
                var dim = (long)reader.ReadVarint();
                firstDim ??= dim;
            }
            else if (field == TensorDims && wireType == 2)
            {
                var packedEnd = reader.Position + reader.ReadVarint();
                if (reader.Position < packedEnd)
                {
                    firstDim ??= (long)reader.ReadVarint();
                }

                reader.Seek(packedEnd);
            }
            else if (field == TensorName && wireType == 2)
            {
                name = reader.ReadString();
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        reader.Seek(end);
        return (name, firstDim);
    }

    private sealed class Reader(Stream stream)
    {
        public long Position => stream.Position;

        public (int Field, int WireType) ReadTag()
        {
            var tag = ReadVarint();
            return ((int)(tag >> 3), (int)(tag & 7));
        }

        public long ReadVarint()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = stream.ReadByte();
                if (b < 0)
                {
                    throw new EndOfStreamException();
                }

                result |= (ulong)(b & 0x7f) << shift;
                if ((b & 0x80) == 0)
                {
                    return (long)result;
                }
            }

            throw new InvalidDataException("varint too long");
        }

        public string ReadString()
        {
            var length = ReadVarint();
            if (length is < 0 or > 1 << 20)
            {
                throw new InvalidDataException("implausible string length");
            }

            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return Encoding.UTF8.GetString(bytes);
        }

        public void Seek(long position)
        {
            if (position < 0 || position > stream.Length)
            {
                throw new InvalidDataException("length beyond the end of the file");
            }

            stream.Position = position;
        }

        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case 0:
                    ReadVarint();
                    break;
                case 1:
                    Seek(Position + 8);
                    break;
                case 2:
                    var length = ReadVarint();
                    Seek(Position + length);
                    break;
                case 5:
                    Seek(Position + 4);
                    break;
                default:
                    throw new InvalidDataException($"unsupported protobuf wire type {wireType}");
            }
        }
    }
}
