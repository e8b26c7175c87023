using System.Text;

namespace LuceneRerank.Onnx;

/// <summary>
/// Finds the external weight files (for example <c>model.onnx_data</c>) an ONNX model refers to, so that a missing
/// one is reported by name instead of as ONNX Runtime's generic load failure.
/// </summary>
/// <remarks>
/// Large exports keep their weights outside the graph file: each initializer's <c>external_data</c> holds a
/// <c>location</c> entry naming a file beside <c>model.onnx</c>. This reads those entries straight from the
/// protobuf bytes (the key/value message <c>{1: "location", 2: name}</c>); graph files with external data are small,
/// so files over <see cref="MaxScannedBytes"/> (weights inside) are not scanned.
/// </remarks>
internal static class OnnxExternalData
{
    /// <summary>Graph files larger than this are not scanned (they hold their weights themselves). 512 MiB.</summary>
    public const long MaxScannedBytes = 512L * 1024 * 1024;

    private static readonly byte[] s_locationKey = [0x0A, 0x08, .. Encoding.ASCII.GetBytes("location"), 0x12];

    /// <summary>The distinct external data file names (relative to the model's folder) the model refers to.</summary>
    public static IReadOnlyList<string> ReferencedFiles(string modelPath)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        var info = new FileInfo(modelPath);
        if (!info.Exists || info.Length > MaxScannedBytes)
        {
            return [];
        }

        var bytes = File.ReadAllBytes(modelPath);
        var names = new List<string>();
        var span = bytes.AsSpan();
        var offset = 0;
        while (true)
        {
            var found = span[offset..].IndexOf(s_locationKey);
            if (found < 0)
            {
                break;
            }

            var position = offset + found + s_locationKey.Length;
            offset = position;
            if (!TryReadVarint(span, ref position, out var length) || length <= 0 || length > 4096 || position + length > span.Length)
            {
                continue;
            }

            var name = Encoding.UTF8.GetString(span.Slice(position, length));
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }

            offset = position + length;
        }

        return names;
    }

    /// <summary>
    /// Throws <see cref="FileNotFoundException"/> naming the file when an external data file the model refers to is
    /// not beside it.
    /// </summary>
    public static void EnsurePresent(string modelPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(modelPath)) ?? ".";
        foreach (var name in ReferencedFiles(modelPath))
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"The ONNX model '{modelPath}' keeps its weights in the external data file '{name}', which is missing " +
                    $"(expected at {path}). Download it together with the model file.", path);
            }
        }
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> bytes, ref int position, out int value)
    {
        value = 0;
        for (var shift = 0; shift < 32 && position < bytes.Length; shift += 7)
        {
            var b = bytes[position++];
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
