using Microsoft.ML.OnnxRuntime;

namespace LuceneRerank.Benchmarks;

/// <summary>
/// The baseline: the same pairs, tokenised beforehand and cut into the same batches as the reranker makes, fed to the
/// same <see cref="InferenceSession"/> with nothing else timed but <c>Run</c>.
/// </summary>
internal sealed class BareRun : IDisposable
{
    private readonly InferenceSession _session;
    private readonly List<OrtValue[]> _batches = [];
    private readonly string[] _inputNames;
    private readonly string[] _outputNames = ["logits"];

    public BareRun(InferenceSession session, IReadOnlyList<int[]> pairs, IReadOnlyList<int[]> tokenTypes, int maxTokensPerBatch, int maxBatchSize, bool feedTokenTypes)
    {
        _session = session;
        _inputNames = feedTokenTypes ? ["input_ids", "attention_mask", "token_type_ids"] : ["input_ids", "attention_mask"];
        var order = Enumerable.Range(0, pairs.Count).OrderByDescending(i => pairs[i].Length).ThenBy(i => i).ToArray();
        var start = 0;
        while (start < order.Length)
        {
            var length = pairs[order[start]].Length;
            var rows = Math.Clamp(maxTokensPerBatch / length, 1, Math.Min(maxBatchSize, order.Length - start));
            var ids = new long[rows * length];
            var mask = new long[rows * length];
            var types = new long[rows * length];
            for (var r = 0; r < rows; r++)
            {
                var pair = pairs[order[start + r]];
                var pairTypes = tokenTypes[order[start + r]];
                for (var t = 0; t < pair.Length; t++)
                {
                    ids[r * length + t] = pair[t];
                    mask[r * length + t] = 1;
                    types[r * length + t] = pairTypes[t];
                }
            }

            long[] shape = [rows, length];
            OrtValue[] values = feedTokenTypes
                ? [OrtValue.CreateTensorValueFromMemory(ids, shape), OrtValue.CreateTensorValueFromMemory(mask, shape), OrtValue.CreateTensorValueFromMemory(types, shape)]
                : [OrtValue.CreateTensorValueFromMemory(ids, shape), OrtValue.CreateTensorValueFromMemory(mask, shape)];
            _batches.Add(values);
            start += rows;
        }
    }

    public int BatchCount => _batches.Count;

    /// <summary>Runs every batch once; returns a checksum of the logits so the work cannot be skipped.</summary>
    public double RunAll()
    {
        var sum = 0.0;
        using var runOptions = new RunOptions();
        foreach (var inputs in _batches)
        {
            using var outputs = _session.Run(runOptions, _inputNames, inputs, _outputNames);
            foreach (var v in outputs[0].GetTensorDataAsSpan<float>())
            {
                sum += v;
            }
        }

        return sum;
    }

    public void Dispose()
    {
        foreach (var batch in _batches)
        {
            foreach (var value in batch)
            {
                value.Dispose();
            }
        }
    }
}
