using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;

namespace LuceneRerank.Text;

/// <summary>
/// SentencePiece's text normaliser, as the python and C++ <c>sentencepiece</c> library runs it before Unigram or BPE
/// segmentation, read from a model's <c>normalizer_spec</c>: the precompiled character map (the compiled form of
/// <c>nmt_nfkc</c>, <c>nfkc</c>, <c>nmt_nfkc_cf</c>, <c>nfkc_cf</c> or a custom rule table; empty for
/// <c>identity</c>): a Darts double-array trie over UTF-8 bytes whose leaves point into a blob of NUL-terminated
/// replacement strings, applied longest match first; then <c>remove_extra_whitespaces</c> (leading, trailing and
/// repeated spaces dropped), <c>add_dummy_prefix</c> (a space before the text, or after it with
/// <c>treat_whitespace_as_suffix</c>) and <c>escape_whitespaces</c> (space → "▁"). User-defined pieces are matched
/// first and kept as they are. Microsoft.ML.Tokenizers 2.0.1 applies none of this on its BPE path, so the library
/// normalises with this class and hands the tokenizer a model whose own normaliser is the identity
/// (<see cref="SentencePieceModelPatcher.WithIdentityNormalizer"/>).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed class SentencePieceNormalizer
{
    private const int PiecesField = 1;
    private const int TrainerSpecField = 2;
    private const int NormalizerSpecField = 3;
    private const int TreatWhitespaceAsSuffixField = 24; // TrainerSpec
    private const int UserDefinedPieceType = 4;
    private static readonly byte[] s_spaceSymbol = Encoding.UTF8.GetBytes("\u2581");
    private static readonly byte[] s_replacementCharacter = [0xEF, 0xBF, 0xBD];

    private readonly uint[] _trie;
    private readonly byte[] _replacements;
    private readonly byte[][] _userDefined;

    private SentencePieceNormalizer(uint[] trie, byte[] replacements, byte[][] userDefined, bool addDummyPrefix,
        bool removeExtraWhitespaces, bool escapeWhitespaces, bool treatWhitespaceAsSuffix)
    {
        _trie = trie;
        _replacements = replacements;
        _userDefined = userDefined;
        AddDummyPrefix = addDummyPrefix;
        RemoveExtraWhitespaces = removeExtraWhitespaces;
        EscapeWhitespaces = escapeWhitespaces;
        TreatWhitespaceAsSuffix = treatWhitespaceAsSuffix;
    }

    /// <summary>Whether a space is put before the text (after it with <see cref="TreatWhitespaceAsSuffix"/>).</summary>
    public bool AddDummyPrefix { get; }

    /// <summary>Whether leading, trailing and repeated spaces are dropped.</summary>
    public bool RemoveExtraWhitespaces { get; }

    /// <summary>Whether spaces become "▁" (U+2581).</summary>
    public bool EscapeWhitespaces { get; }

    /// <summary>Whether the model puts whitespace at the end of pieces instead of the start.</summary>
    public bool TreatWhitespaceAsSuffix { get; }

    /// <summary>Whether the model has a character map (false for the <c>identity</c> rule).</summary>
    public bool HasCharsMap => _trie.Length > 0;

    /// <summary>Reads the normaliser of a serialised SentencePiece <c>ModelProto</c>.</summary>
    /// <exception cref="InvalidDataException">The model or its character map is malformed; the message names <paramref name="source"/>.</exception>
    public static SentencePieceNormalizer FromModel(byte[] model, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        byte[] charsMap = [];
        bool addDummyPrefix = true, removeExtra = true, escape = true, suffix = false;
        var userDefined = new List<byte[]>();
        try
        {
            var input = new CodedInputStream(model);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                var lengthDelimited = WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited;
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case PiecesField when lengthDelimited:
                        if (ReadPiece(input.ReadBytes()) is { } piece)
                        {
                            userDefined.Add(piece);
                        }

                        break;
                    case TrainerSpecField when lengthDelimited:
                        var trainer = new CodedInputStream(input.ReadBytes().ToByteArray());
                        while ((tag = trainer.ReadTag()) != 0)
                        {
                            if (WireFormat.GetTagFieldNumber(tag) == TreatWhitespaceAsSuffixField && WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint)
                            {
                                suffix = trainer.ReadBool();
                            }
                            else
                            {
                                trainer.SkipLastField();
                            }
                        }

                        break;
                    case NormalizerSpecField when lengthDelimited:
                        var spec = new CodedInputStream(input.ReadBytes().ToByteArray());
                        while ((tag = spec.ReadTag()) != 0)
                        {
                            var varint = WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint;
                            switch (WireFormat.GetTagFieldNumber(tag))
                            {
                                case 2 when !varint:
                                    charsMap = spec.ReadBytes().ToByteArray();
                                    break;
                                case 3 when varint:
                                    addDummyPrefix = spec.ReadBool();
                                    break;
                                case 4 when varint:
                                    removeExtra = spec.ReadBool();
                                    break;
                                case 5 when varint:
                                    escape = spec.ReadBool();
                                    break;
                                default:
                                    spec.SkipLastField();
                                    break;
                            }
                        }

                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{source}: not a SentencePiece model: {e.Message}", e);
        }

        var (trie, replacements) = DecodeCharsMap(charsMap, source);
        return new SentencePieceNormalizer(trie, replacements, [.. userDefined.OrderByDescending(p => p.Length)], addDummyPrefix, removeExtra, escape, suffix);
    }

    /// <summary>Normalises <paramref name="text"/> exactly as SentencePiece does before segmentation.</summary>
    public string Normalize(ReadOnlySpan<char> text)
    {
        var bytes = Encoding.UTF8.GetBytes(text.ToArray());
        ReadOnlySpan<byte> input = bytes;
        var output = new List<byte>(bytes.Length + 8);
        if (RemoveExtraWhitespaces)
        {
            while (!input.IsEmpty)
            {
                var consumed = NormalizePrefix(input, out var prefix);
                if (!prefix.SequenceEqual(" "u8))
                {
                    break;
                }

                input = input[consumed..];
            }
        }

        if (input.IsEmpty)
        {
            return "";
        }

        var space = EscapeWhitespaces ? s_spaceSymbol : " "u8.ToArray();
        if (!TreatWhitespaceAsSuffix && AddDummyPrefix)
        {
            output.AddRange(space);
        }

        var previousWasSpace = RemoveExtraWhitespaces;
        while (!input.IsEmpty)
        {
            var consumed = NormalizePrefix(input, out var piece);
            while (previousWasSpace && !piece.IsEmpty && piece[0] == (byte)' ')
            {
                piece = piece[1..];
            }

            if (!piece.IsEmpty)
            {
                foreach (var b in piece)
                {
                    if (EscapeWhitespaces && b == (byte)' ')
                    {
                        output.AddRange(s_spaceSymbol);
                    }
                    else
                    {
                        output.Add(b);
                    }
                }

                previousWasSpace = piece[^1] == (byte)' ';
            }

            input = input[consumed..];
            if (!RemoveExtraWhitespaces)
            {
                previousWasSpace = false;
            }
        }

        if (RemoveExtraWhitespaces)
        {
            while (EndsWith(output, space))
            {
                output.RemoveRange(output.Count - space.Length, space.Length);
            }
        }

        if (TreatWhitespaceAsSuffix && AddDummyPrefix)
        {
            output.AddRange(space);
        }

        return Encoding.UTF8.GetString([.. output]);
    }

    /// <summary>
    /// Sets <paramref name="normalized"/> to the normalised form of the longest rule matching the start of
    /// <paramref name="input"/> and returns the bytes it consumes.
    /// </summary>
    private int NormalizePrefix(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> normalized)
    {
        foreach (var piece in _userDefined)
        {
            if (input.StartsWith(piece))
            {
                normalized = input[..piece.Length];
                return piece.Length;
            }
        }

        var (length, value) = LongestTrieMatch(input);
        if (length > 0)
        {
            var start = (int)value;
            var end = Array.IndexOf(_replacements, (byte)0, start);
            normalized = _replacements.AsSpan(start, (end < 0 ? _replacements.Length : end) - start);
            return length;
        }

        var charLength = Utf8Length(input);
        if (charLength == 0)
        {
            normalized = s_replacementCharacter;
            return 1;
        }

        normalized = input[..charLength];
        return charLength;
    }

    /// <summary>Darts-clone's common-prefix search, keeping the longest match: (bytes matched, value).</summary>
    private (int Length, uint Value) LongestTrieMatch(ReadOnlySpan<byte> key)
    {
        if (_trie.Length == 0)
        {
            return (0, 0);
        }

        int best = 0;
        uint bestValue = 0;
        uint position = Offset(_trie[0]);
        for (var i = 0; i < key.Length; i++)
        {
            position ^= key[i];
            if (position >= _trie.Length)
            {
                break;
            }

            var unit = _trie[position];
            if ((unit & ((1u << 31) | 0xFF)) != key[i])
            {
                break;
            }

            position ^= Offset(unit);
            if (((unit >> 8) & 1) == 1 && position < _trie.Length)
            {
                best = i + 1;
                bestValue = _trie[position] & ((1u << 31) - 1);
            }
        }

        return (best, bestValue);
    }

    private static uint Offset(uint unit) => (unit >> 10) << (int)((unit & (1u << 9)) >> 6);

    /// <summary>The length of the valid UTF-8 character at the start of <paramref name="input"/>; 0 when it is malformed.</summary>
    private static int Utf8Length(ReadOnlySpan<byte> input)
    {
        var length = input[0] switch
        {
            < 0x80 => 1,
            >= 0xC2 and < 0xE0 => 2,
            >= 0xE0 and < 0xF0 => 3,
            >= 0xF0 and < 0xF5 => 4,
            _ => 0,
        };
        if (length == 0 || length > input.Length)
        {
            return 0;
        }

        for (var i = 1; i < length; i++)
        {
            if ((input[i] & 0xC0) != 0x80)
            {
                return 0;
            }
        }

        return length;
    }

    private static bool EndsWith(List<byte> output, byte[] suffix)
    {
        if (output.Count < suffix.Length)
        {
            return false;
        }

        for (var i = 0; i < suffix.Length; i++)
        {
            if (output[output.Count - suffix.Length + i] != suffix[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The UTF-8 bytes of a user-defined piece (type 4), matched before the character map; null for other pieces.</summary>
    private static byte[]? ReadPiece(ByteString message)
    {
        var input = new CodedInputStream(message.ToByteArray());
        byte[]? text = null;
        var type = 1;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    text = input.ReadBytes().ToByteArray();
                    break;
                case 3 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                    type = input.ReadEnum();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return type == UserDefinedPieceType && text is { Length: > 0 } ? text : null;
    }

    /// <summary>Splits a precompiled character map: a little-endian uint32 trie size, the trie's units, the replacement strings.</summary>
    private static (uint[] Trie, byte[] Replacements) DecodeCharsMap(byte[] blob, string source)
    {
        if (blob.Length == 0)
        {
            return ([], []);
        }

        if (blob.Length <= 4)
        {
            throw new InvalidDataException($"{source}: the normaliser's precompiled_charsmap is broken ({blob.Length} bytes).");
        }

        var trieSize = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        if (trieSize > blob.Length - 4 || trieSize % 4 != 0)
        {
            throw new InvalidDataException($"{source}: the normaliser's precompiled_charsmap declares a trie of {trieSize} bytes in a {blob.Length}-byte map.");
        }

        var trie = new uint[trieSize / 4];
        for (var i = 0; i < trie.Length; i++)
        {
            trie[i] = BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(4 + (4 * i)));
        }

        return (trie, blob[(4 + (int)trieSize)..]);
    }
}
