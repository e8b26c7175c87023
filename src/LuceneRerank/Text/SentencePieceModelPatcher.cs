using Google.Protobuf;

namespace LuceneRerank.Text;

/// <summary>
/// Rewrites one field of a serialised SentencePiece <c>ModelProto</c> so that Microsoft.ML.Tokenizers 2.0.1 can load
/// T5's models: its Unigram loader indexes its vocabulary with <c>trainer_spec.bos_id</c> and fails with an
/// <see cref="IndexOutOfRangeException"/> when the model has no BOS (<c>bos_id: -1</c>, as T5's <c>spiece.model</c>).
/// The BOS id is pointed at the pad (or else the unknown) piece; the tokenizer is created without adding BOS, so
/// encoding is unchanged. Every other byte is copied as it is. <see cref="WithIdentityNormalizer"/> turns the model's own
/// normaliser off, for text that <see cref="SentencePieceNormalizer"/> has already normalised.
/// </summary>
internal static class SentencePieceModelPatcher
{
    private const int TrainerSpecField = 2; // ModelProto.trainer_spec
    private const int NormalizerSpecField = 3; // ModelProto.normalizer_spec
    private const int UnkIdField = 40; // TrainerSpec.unk_id (default 0)
    private const int BosIdField = 41; // TrainerSpec.bos_id (default 1)
    private const int PadIdField = 43; // TrainerSpec.pad_id (default -1)

    /// <summary>Returns <paramref name="model"/>, or a copy whose negative <c>bos_id</c> is replaced.</summary>
    public static byte[] WithUsableBeginningOfSentenceId(byte[] model)
    {
        var output = new MemoryStream(model.Length + 16);
        var writer = new CodedOutputStream(output, leaveOpen: true);
        var input = new CodedInputStream(model);
        var changed = false;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == TrainerSpecField
                && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                var spec = input.ReadBytes().ToByteArray();
                var patched = PatchTrainerSpec(spec);
                changed |= !ReferenceEquals(patched, spec);
                writer.WriteTag(tag);
                writer.WriteBytes(ByteString.CopyFrom(patched));
            }
            else
            {
                CopyField(input, writer, tag);
            }
        }

        if (!changed)
        {
            return model;
        }

        writer.Flush();
        return output.ToArray();
    }

    /// <summary>
    /// Returns a copy of <paramref name="model"/> whose <c>normalizer_spec</c> does nothing (no character map, no dummy
    /// prefix, no whitespace removal or escaping): the text is normalised beforehand by
    /// <see cref="SentencePieceNormalizer"/>, which follows SentencePiece exactly where Microsoft.ML.Tokenizers 2.0.1
    /// does not (its BPE path skips the character map and whitespace rules).
    /// </summary>
    public static byte[] WithIdentityNormalizer(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var output = new MemoryStream(model.Length);
        var writer = new CodedOutputStream(output, leaveOpen: true);
        var input = new CodedInputStream(model);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == NormalizerSpecField)
            {
                input.SkipLastField();
                continue;
            }

            CopyField(input, writer, tag);
        }

        var spec = new MemoryStream();
        var specWriter = new CodedOutputStream(spec, leaveOpen: true);
        specWriter.WriteTag(1, WireFormat.WireType.LengthDelimited); // name
        specWriter.WriteString("identity");
        foreach (var field in new[] { 3, 4, 5 }) // add_dummy_prefix, remove_extra_whitespaces, escape_whitespaces
        {
            specWriter.WriteTag(field, WireFormat.WireType.Varint);
            specWriter.WriteBool(false);
        }

        specWriter.Flush();
        writer.WriteTag(NormalizerSpecField, WireFormat.WireType.LengthDelimited);
        writer.WriteBytes(ByteString.CopyFrom(spec.ToArray()));
        writer.Flush();
        return output.ToArray();
    }

    private static byte[] PatchTrainerSpec(byte[] spec)
    {
        int unkId = 0, bosId = 1, padId = -1;
        var reader = new CodedInputStream(spec);
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case UnkIdField when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                    unkId = reader.ReadInt32();
                    break;
                case BosIdField when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                    bosId = reader.ReadInt32();
                    break;
                case PadIdField when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                    padId = reader.ReadInt32();
                    break;
                default:
                    reader.SkipLastField();
                    break;
            }
        }

        if (bosId >= 0)
        {
            return spec;
        }

        var output = new MemoryStream(spec.Length);
        var writer = new CodedOutputStream(output, leaveOpen: true);
        var input = new CodedInputStream(spec);
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == BosIdField && WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint)
            {
                input.ReadInt32();
                writer.WriteTag(tag);
                writer.WriteInt32(padId >= 0 ? padId : unkId);
            }
            else
            {
                CopyField(input, writer, tag);
            }
        }

        writer.Flush();
        return output.ToArray();
    }

    private static void CopyField(CodedInputStream input, CodedOutputStream writer, uint tag)
    {
        writer.WriteTag(tag);
        switch (WireFormat.GetTagWireType(tag))
        {
            case WireFormat.WireType.Varint:
                writer.WriteUInt64(input.ReadUInt64());
                break;
            case WireFormat.WireType.Fixed64:
                writer.WriteFixed64(input.ReadFixed64());
                break;
            case WireFormat.WireType.Fixed32:
                writer.WriteFixed32(input.ReadFixed32());
                break;
            case WireFormat.WireType.LengthDelimited:
                writer.WriteBytes(input.ReadBytes());
                break;
            default:
                throw new InvalidDataException($"unexpected protobuf wire type in a SentencePiece model (tag {tag}).");
        }
    }
}
