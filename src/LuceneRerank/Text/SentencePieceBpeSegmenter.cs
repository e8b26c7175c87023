using System.Text;
using Google.Protobuf;

namespace LuceneRerank.Text;

/// <summary>
/// SentencePiece's BPE segmentation of normalised text, as the python and C++ <c>sentencepiece</c> library runs it:
/// the text starts as characters (user-defined pieces as whole, frozen symbols); the adjacent pair whose concatenation
/// is a piece with the highest score is merged, the leftmost first among equal scores, until no pair is a piece; each
/// symbol then maps to its piece id, else to its bytes' <c>&lt;0xXX&gt;</c> pieces (byte fallback), else to the
/// unknown id. Microsoft.ML.Tokenizers 2.0.1 breaks ties between equal-scored merges differently, which changes
/// segmentations such as "000", so BPE models are segmented here.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed class SentencePieceBpeSegmenter
{
    private const int BpeModelType = 2;
    private const int NormalType = 1;
    private const int UnknownType = 2;
    private const int UserDefinedType = 4;
    private const int UnusedType = 5;
    private const int ByteType = 6;

    private readonly Dictionary<string, (int Id, float Score)> _pieces;
    private readonly Dictionary<string, int> _bytePieces;
    private readonly string[] _userDefined;
    private readonly int _unknownId;
    private readonly bool _byteFallback;

    private SentencePieceBpeSegmenter(Dictionary<string, (int, float)> pieces, Dictionary<string, int> bytePieces, string[] userDefined, int unknownId, bool byteFallback)
    {
        _pieces = pieces;
        _bytePieces = bytePieces;
        _userDefined = userDefined;
        _unknownId = unknownId;
        _byteFallback = byteFallback;
    }

    /// <summary>The segmenter of a BPE model (<c>trainer_spec.model_type</c> 2); <see langword="null"/> for other model types.</summary>
    /// <exception cref="InvalidDataException">The model has unused pieces (whose re-segmentation rule is not implemented) or no unknown piece; the message names <paramref name="source"/>.</exception>
    public static SentencePieceBpeSegmenter? TryCreate(byte[] model, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        var modelType = 1;
        var byteFallback = false;
        var entries = new List<(string Piece, float Score, int Type)>();
        var input = new CodedInputStream(model);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            if (field == 1 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                entries.Add(ReadPiece(input.ReadBytes()));
            }
            else if (field == 2 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                var trainer = new CodedInputStream(input.ReadBytes().ToByteArray());
                while ((tag = trainer.ReadTag()) != 0)
                {
                    switch (WireFormat.GetTagFieldNumber(tag))
                    {
                        case 3 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                            modelType = trainer.ReadEnum();
                            break;
                        case 35 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                            byteFallback = trainer.ReadBool();
                            break;
                        default:
                            trainer.SkipLastField();
                            break;
                    }
                }
            }
            else
            {
                input.SkipLastField();
            }
        }

        if (modelType != BpeModelType)
        {
            return null;
        }

        var pieces = new Dictionary<string, (int, float)>(StringComparer.Ordinal);
        var bytePieces = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknownId = -1;
        for (var id = 0; id < entries.Count; id++)
        {
            var (piece, score, type) = entries[id];
            switch (type)
            {
                case NormalType or UserDefinedType:
                    pieces.TryAdd(piece, (id, score));
                    break;
                case UnknownType:
                    unknownId = id;
                    break;
                case ByteType:
                    bytePieces.TryAdd(piece, id);
                    break;
                case UnusedType:
                    throw new InvalidDataException(
                        $"{source}: BPE model with unused pieces ('{piece}', id {id}); their re-segmentation is not supported.");
            }
        }

        if (unknownId < 0)
        {
            throw new InvalidDataException($"{source}: the SentencePiece model has no unknown piece.");
        }

        string[] userDefined = [.. entries.Where(e => e.Type == UserDefinedType && e.Piece.Length > 0).Select(e => e.Piece).OrderByDescending(p => p.Length)];
        return new SentencePieceBpeSegmenter(pieces, bytePieces, userDefined, unknownId, byteFallback);
    }

    /// <summary>The piece ids of <paramref name="normalized"/> (text already normalised by <see cref="SentencePieceNormalizer"/>).</summary>
    public List<int> Encode(string normalized)
    {
        var symbols = new List<Symbol>();
        for (var i = 0; i < normalized.Length;)
        {
            var user = _userDefined.FirstOrDefault(p => string.CompareOrdinal(normalized, i, p, 0, p.Length) == 0);
            var length = user?.Length ?? (char.IsHighSurrogate(normalized[i]) && i + 1 < normalized.Length && char.IsLowSurrogate(normalized[i + 1]) ? 2 : 1);
            symbols.Add(new Symbol(i, length, symbols.Count - 1, symbols.Count + 1, user is not null));
            i += length;
        }

        if (symbols.Count > 0)
        {
            symbols[^1] = symbols[^1] with { Next = -1 };
        }

        // Highest score first; among equal scores the leftmost pair (sentencepiece's agenda order).
        var agenda = new PriorityQueue<(int Left, int Right, int Length), (float, int)>(
            Comparer<(float Score, int Left)>.Create((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Left.CompareTo(b.Left)));
        void MaybeAdd(int left, int right)
        {
            if (left < 0 || right < 0 || symbols[left].Frozen || symbols[right].Frozen)
            {
                return;
            }

            var length = symbols[left].Length + symbols[right].Length;
            if (_pieces.TryGetValue(normalized.Substring(symbols[left].Start, length), out var piece))
            {
                agenda.Enqueue((left, right, length), (piece.Score, left));
            }
        }

        for (var i = 1; i < symbols.Count; i++)
        {
            MaybeAdd(i - 1, i);
        }

        while (agenda.TryDequeue(out var top, out _))
        {
            var (left, right, length) = top;
            if (symbols[left].Length == 0 || symbols[right].Length == 0 || symbols[left].Length + symbols[right].Length != length)
            {
                continue; // stale: one side was merged away since this pair was queued
            }

            var next = symbols[right].Next;
            symbols[left] = symbols[left] with { Length = length, Next = next };
            if (next >= 0)
            {
                symbols[next] = symbols[next] with { Previous = left };
            }

            symbols[right] = symbols[right] with { Length = 0 };
            MaybeAdd(symbols[left].Previous, left);
            MaybeAdd(left, next);
        }

        var ids = new List<int>(symbols.Count);
        for (var i = symbols.Count == 0 ? -1 : 0; i >= 0; i = symbols[i].Next)
        {
            var piece = normalized.Substring(symbols[i].Start, symbols[i].Length);
            if (_pieces.TryGetValue(piece, out var found))
            {
                ids.Add(found.Id);
            }
            else if (_byteFallback)
            {
                foreach (var b in Encoding.UTF8.GetBytes(piece))
                {
                    ids.Add(_bytePieces.TryGetValue($"<0x{b:X2}>", out var byteId) ? byteId : _unknownId);
                }
            }
            else
            {
                ids.Add(_unknownId);
            }
        }

        return ids;
    }

    private static (string Piece, float Score, int Type) ReadPiece(ByteString message)
    {
        var input = new CodedInputStream(message.ToByteArray());
        var piece = "";
        var score = 0f;
        var type = NormalType;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    piece = input.ReadString();
                    break;
                case 2 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Fixed32:
                    score = input.ReadFloat();
                    break;
                case 3 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                    type = input.ReadEnum();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (piece, score, type);
    }

    private readonly record struct Symbol(int Start, int Length, int Previous, int Next, bool Frozen);
}
