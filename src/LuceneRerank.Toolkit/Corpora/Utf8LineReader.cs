using System.Text;

namespace LuceneRerank.Toolkit.Corpora;

/// <summary>
/// Reads the lines of a UTF-8 file (LF or CRLF, a leading BOM ignored), decoding byte sequences that are not UTF-8
/// as U+FFFD and counting them per line, so that a reader can warn with a count and a line number instead of
/// replacing bytes silently. Counts exact bytes consumed.
/// </summary>
internal sealed class Utf8LineReader : IDisposable
{
    private const int BufferSize = 1 << 16;
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly CountingDecoderFallback _fallback = new();
    private readonly Encoding _encoding;
    private byte[] _line = new byte[1024];
    private char[] _chars = new char[1024];
    private int _start;
    private int _end;
    private bool _first = true;

    public Utf8LineReader(string path)
    {
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        _encoding = Encoding.GetEncoding("utf-8", EncoderFallback.ReplacementFallback, _fallback);
    }

    /// <summary>Bytes consumed so far, line terminators included.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Byte sequences of the last line that were not UTF-8 (each became one U+FFFD).</summary>
    public int ReplacedOnLine { get; private set; }

    /// <summary>The next line without its terminator, or null at the end of the file.</summary>
    public string? ReadLine()
    {
        var length = 0;
        var any = false;
        while (true)
        {
            if (_start == _end)
            {
                _end = _stream.Read(_buffer, 0, _buffer.Length);
                _start = 0;
                if (_end == 0)
                {
                    break;
                }
            }

            any = true;
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline;
            Append(ref length, _start, stop - _start);
            BytesRead += stop - _start;
            _start = stop;
            if (newline >= 0)
            {
                _start++;
                BytesRead++;
                break;
            }
        }

        if (!any)
        {
            return null;
        }

        if (length > 0 && _line[length - 1] == '\r')
        {
            length--;
        }

        var offset = 0;
        if (_first && length >= 3 && _line[0] == 0xEF && _line[1] == 0xBB && _line[2] == 0xBF)
        {
            offset = 3;
        }

        _first = false;
        _fallback.Count = 0;
        if (_chars.Length < length)
        {
            _chars = new char[Math.Max(_chars.Length * 2, length)];
        }

        // One decoding pass (GetString would count first and call the fallback twice): at most one char per byte.
        var chars = _encoding.GetChars(_line, offset, length - offset, _chars, 0);
        var text = new string(_chars, 0, chars);
        ReplacedOnLine = _fallback.Count;
        return text;
    }

    public void Dispose() => _stream.Dispose();

    private void Append(ref int length, int from, int count)
    {
        if (length + count > _line.Length)
        {
            Array.Resize(ref _line, Math.Max(_line.Length * 2, length + count));
        }

        Buffer.BlockCopy(_buffer, from, _line, length, count);
        length += count;
    }

    /// <summary>Replaces each invalid sequence with U+FFFD and counts them.</summary>
    private sealed class CountingDecoderFallback : DecoderFallback
    {
        public int Count { get; set; }

        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new CountingBuffer(this);

        private sealed class CountingBuffer(CountingDecoderFallback owner) : DecoderFallbackBuffer
        {
            private bool _pending;

            public override int Remaining => _pending ? 1 : 0;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                owner.Count++;
                _pending = true;
                return true;
            }

            public override char GetNextChar()
            {
                if (!_pending)
                {
                    return '\0';
                }

                _pending = false;
                return '\uFFFD';
            }

            public override bool MovePrevious() => false;

            public override void Reset() => _pending = false;
        }
    }
}
