using System.Text.Json;

namespace LuceneRerank.GpuBench;

/// <summary>
/// Pre-tokenised model inputs written by <c>run_gpu_bench.py</c>: <c>meta.json</c>
/// (<c>{"count": N, "length": L, "inputs": {"input_ids": "input_ids.bin", ...}}</c>) and one little-endian int64
/// file of shape [N, L] per input.
/// </summary>
internal sealed class TokenBatchFile
{
    private TokenBatchFile(int count, int length, Dictionary<string, long[]> inputs)
    {
        Count = count;
        Length = length;
        Inputs = inputs;
    }

    public int Count { get; }

    public int Length { get; }

    /// <summary>Each input's [Count, Length] values, row-major.</summary>
    public Dictionary<string, long[]> Inputs { get; }

    public static TokenBatchFile Load(string directory)
    {
        var metaPath = Path.Combine(directory, "meta.json");
        using var meta = JsonDocument.Parse(File.ReadAllText(metaPath));
        var count = meta.RootElement.GetProperty("count").GetInt32();
        var length = meta.RootElement.GetProperty("length").GetInt32();
        var inputs = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var input in meta.RootElement.GetProperty("inputs").EnumerateObject())
        {
            var path = Path.Combine(directory, input.Value.GetString()!);
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length != (long)count * length * sizeof(long))
            {
                throw new InvalidDataException($"{path}: {bytes.Length} bytes, expected {count}x{length} int64 values");
            }

            var values = new long[count * length];
            Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
            inputs[input.Name] = values;
        }

        return new TokenBatchFile(count, length, inputs);
    }
}
