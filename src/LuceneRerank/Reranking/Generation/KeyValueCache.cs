using Microsoft.ML.OnnxRuntime;

namespace LuceneRerank.Reranking.Generation;

/// <summary>
/// The key/value cache of one batch being generated: the <c>present.N.key/value</c> tensors of the last ONNX Runtime
/// call, each [rows, kv heads, cached length, head dim], fed back as <c>past_key_values.N.key/value</c> in the next
/// call without a copy. Rows whose continuation ended are dropped by <see cref="KeepRows"/> (one copy of the cache).
/// </summary>
internal sealed class KeyValueCache : IDisposable
{
    private readonly List<IDisposable> _owned;
    private OrtValue[] _tensors;

    private KeyValueCache(OrtValue[] tensors, IEnumerable<IDisposable> owned, int rows, int length)
    {
        _tensors = tensors;
        _owned = [.. owned];
        Rows = rows;
        Length = length;
    }

    /// <summary>The tensors, in the order of the graph's <c>past_key_values</c> inputs.</summary>
    public IReadOnlyList<OrtValue> Tensors => _tensors;

    /// <summary>The rows of the batch still in the cache.</summary>
    public int Rows { get; private set; }

    /// <summary>The cached sequence length (padding included).</summary>
    public int Length { get; }

    /// <summary>
    /// Takes the present tensors out of a call's <paramref name="outputs"/> (positions <paramref name="first"/> on,
    /// named <paramref name="names"/>); the cache owns and disposes the outputs from now on, and the caller must not
    /// dispose them (it may dispose the other outputs, such as the logits, itself).
    /// </summary>
    /// <exception cref="InvalidDataException">A present tensor's shape is not [rows, heads, length, head dim].</exception>
    public static KeyValueCache Take(
        IDisposableReadOnlyCollection<OrtValue> outputs, int first, IReadOnlyList<string> names, int rows, int length, string modelPath)
    {
        var tensors = new OrtValue[names.Count];
        for (var i = 0; i < tensors.Length; i++)
        {
            tensors[i] = outputs[first + i];
            var shape = tensors[i].GetTensorTypeAndShape().Shape;
            if (shape.Length != 4 || shape[0] != rows || shape[2] != length)
            {
                outputs.Dispose();
                throw new InvalidDataException(
                    $"{modelPath}: '{names[i]}' has shape [{string.Join(", ", shape)}]; expected [{rows}, kv heads, {length}, head dim] " +
                    "(the past and the new tokens' keys/values, as optimum exports return them).");
            }
        }

        return new KeyValueCache(tensors, [outputs], rows, length);
    }

    /// <summary>
    /// One cache of <paramref name="rows"/>.Count rows, each right-aligned (left-padded with zeros) to
    /// <paramref name="length"/>: the cache a left-padded batched prefill would leave, built from prompts prefilled one
    /// at a time. The caller masks the padding positions.
    /// </summary>
    public static KeyValueCache LeftPadded(IReadOnlyList<KeyValueCache> rows, int length)
    {
        var count = rows[0]._tensors.Length;
        var merged = new OrtValue[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                var info = rows[0]._tensors[i].GetTensorTypeAndShape();
                long heads = info.Shape[1], headDim = info.Shape[3];
                merged[i] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, info.ElementDataType, [rows.Count, heads, length, headDim]);
                var target = merged[i].GetTensorMutableRawData();
                target.Clear(); // padding positions: finite zeros (masked), never uninitialised memory
                var elementBytes = target.Length / (rows.Count * heads * length * headDim);
                for (var r = 0; r < rows.Count; r++)
                {
                    var source = rows[r]._tensors[i].GetTensorMutableRawData();
                    var own = rows[r].Length;
                    var span = (int)(own * headDim * elementBytes);
                    for (var h = 0; h < heads; h++)
                    {
                        var at = (int)((((r * heads) + h) * length) + (length - own)) * (int)(headDim * elementBytes);
                        source.Slice((int)(h * span), span).CopyTo(target.Slice(at, span));
                    }
                }
            }
        }
        catch
        {
            foreach (var tensor in merged)
            {
                tensor?.Dispose();
            }

            throw;
        }

        return new KeyValueCache(merged, merged, rows.Count, length);
    }

    /// <summary>Keeps only the rows <paramref name="rows"/> (ascending indices into the current rows), copying them.</summary>
    public void KeepRows(IReadOnlyList<int> rows)
    {
        var kept = new OrtValue[_tensors.Length];
        try
        {
            for (var i = 0; i < _tensors.Length; i++)
            {
                var info = _tensors[i].GetTensorTypeAndShape();
                var shape = info.Shape;
                var source = _tensors[i].GetTensorMutableRawData();
                var rowBytes = source.Length / Rows;
                kept[i] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, info.ElementDataType, [rows.Count, shape[1], shape[2], shape[3]]);
                var target = kept[i].GetTensorMutableRawData();
                for (var r = 0; r < rows.Count; r++)
                {
                    source.Slice(rows[r] * rowBytes, rowBytes).CopyTo(target.Slice(r * rowBytes, rowBytes));
                }
            }
        }
        catch
        {
            foreach (var tensor in kept)
            {
                tensor?.Dispose();
            }

            throw;
        }

        DisposeOwned();
        _owned.AddRange(kept);
        _tensors = kept;
        Rows = rows.Count;
    }

    /// <inheritdoc />
    public void Dispose() => DisposeOwned();

    private void DisposeOwned()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _owned.Clear();
    }
}
