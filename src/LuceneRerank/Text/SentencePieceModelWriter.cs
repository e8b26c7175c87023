using Google.Protobuf;

namespace LuceneRerank.Text;

/// <summary>
/// Writes a serialised SentencePiece <c>ModelProto</c> for a Unigram vocabulary (pieces with scores and types), so that
/// Microsoft.ML.Tokenizers' <see cref="Microsoft.ML.Tokenizers.SentencePieceTokenizer"/>, which reads only that
/// format, can run a Hugging Face <c>tokenizer.json</c> Unigram model. Field numbers are those of SentencePiece's
/// <c>sentencepiece_model.proto</c>.
/// </summary>
internal static class SentencePieceModelWriter
{
    /// <summary>SentencePiece piece types (<c>ModelProto.SentencePiece.Type</c>).</summary>
    public enum PieceType
    {
        /// <summary>An ordinary piece.</summary>
        Normal = 1,

        /// <summary>The unknown piece.</summary>
        Unknown = 2,

        /// <summary>A control symbol (&lt;s&gt;, &lt;/s&gt;): never produced from text.</summary>
        Control = 3,
    }

    /// <summary>Serialises a Unigram model.</summary>
    /// <param name="pieces">The vocabulary in id order.</param>
    /// <param name="unknownId">Id of the unknown piece.</param>
    /// <param name="beginningId">Id of <c>&lt;s&gt;</c>.</param>
    /// <param name="endId">Id of <c>&lt;/s&gt;</c>.</param>
    /// <param name="paddingId">Id of <c>&lt;pad&gt;</c>, or −1.</param>
    /// <param name="precompiledCharsMap">The normaliser's precompiled character map (empty: no normalisation).</param>
    /// <param name="addDummyPrefix">Whether a "▁" is put before the text (Metaspace's prepend).</param>
    public static byte[] Unigram(IReadOnlyList<(string Piece, float Score, PieceType Type)> pieces, int unknownId,
        int beginningId, int endId, int paddingId, byte[] precompiledCharsMap, bool addDummyPrefix)
    {
        var output = new MemoryStream();
        var writer = new CodedOutputStream(output, leaveOpen: true);
        foreach (var (piece, score, type) in pieces)
        {
            writer.WriteTag(1, WireFormat.WireType.LengthDelimited); // ModelProto.pieces
            writer.WriteBytes(Message(w =>
            {
                w.WriteTag(1, WireFormat.WireType.LengthDelimited); // piece
                w.WriteString(piece);
                w.WriteTag(2, WireFormat.WireType.Fixed32); // score
                w.WriteFloat(score);
                w.WriteTag(3, WireFormat.WireType.Varint); // type
                w.WriteEnum((int)type);
            }));
        }

        writer.WriteTag(2, WireFormat.WireType.LengthDelimited); // ModelProto.trainer_spec
        writer.WriteBytes(Message(w =>
        {
            w.WriteTag(3, WireFormat.WireType.Varint); // model_type
            w.WriteEnum(1); // UNIGRAM
            w.WriteTag(4, WireFormat.WireType.Varint); // vocab_size
            w.WriteInt32(pieces.Count);
            WriteInt(w, 40, unknownId);
            WriteInt(w, 41, beginningId);
            WriteInt(w, 42, endId);
            WriteInt(w, 43, paddingId);
            WriteString(w, 45, pieces[unknownId].Piece);
            WriteString(w, 46, pieces[beginningId].Piece);
            WriteString(w, 47, pieces[endId].Piece);
            if (paddingId >= 0)
            {
                WriteString(w, 48, pieces[paddingId].Piece);
            }
        }));

        writer.WriteTag(3, WireFormat.WireType.LengthDelimited); // ModelProto.normalizer_spec
        writer.WriteBytes(Message(w =>
        {
            WriteString(w, 1, precompiledCharsMap.Length > 0 ? "precompiled" : "identity");
            w.WriteTag(2, WireFormat.WireType.LengthDelimited); // precompiled_charsmap
            w.WriteBytes(ByteString.CopyFrom(precompiledCharsMap));
            WriteBool(w, 3, addDummyPrefix); // add_dummy_prefix
            WriteBool(w, 4, true); // remove_extra_whitespaces
            WriteBool(w, 5, true); // escape_whitespaces
        }));
        writer.Flush();
        return output.ToArray();
    }

    private static ByteString Message(Action<CodedOutputStream> write)
    {
        var stream = new MemoryStream();
        var writer = new CodedOutputStream(stream, leaveOpen: true);
        write(writer);
        writer.Flush();
        return ByteString.CopyFrom(stream.ToArray());
    }

    private static void WriteInt(CodedOutputStream writer, int field, int value)
    {
        writer.WriteTag(field, WireFormat.WireType.Varint);
        writer.WriteInt32(value);
    }

    private static void WriteBool(CodedOutputStream writer, int field, bool value)
    {
        writer.WriteTag(field, WireFormat.WireType.Varint);
        writer.WriteBool(value);
    }

    private static void WriteString(CodedOutputStream writer, int field, string value)
    {
        writer.WriteTag(field, WireFormat.WireType.LengthDelimited);
        writer.WriteString(value);
    }
}
