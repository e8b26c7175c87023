using LuceneRerank.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace LuceneRerank.GpuBench;

/// <summary>Runs row ranges of a <see cref="TokenBatchFile"/> through one session, wrapping the arrays without copies.</summary>
internal sealed class BatchRunner
{
    private readonly OnnxModelSession _model;
    private readonly TokenBatchFile _tokens;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly (int Yes, int No)? _yesNo;

    public BatchRunner(OnnxModelSession model, TokenBatchFile tokens, (int Yes, int No)? yesNo)
    {
        _model = model;
        _tokens = tokens;
        _yesNo = yesNo;
        _inputNames = model.Session.InputMetadata.Keys.ToArray();
        foreach (var name in _inputNames)
        {
            if (!tokens.Inputs.ContainsKey(name))
            {
                throw new InvalidDataException($"the model needs input '{name}', which the token files do not have");
            }
        }

        _outputNames = [model.Session.OutputMetadata.Keys.First()];
    }

    /// <summary>Runs rows [start, start+count) and writes their scores into <paramref name="scores"/> (length count).</summary>
    public void Run(int start, int count, Span<float> scores)
    {
        var length = _tokens.Length;
        var shape = new long[] { count, length };
        var values = new OrtValue[_inputNames.Length];
        try
        {
            for (var i = 0; i < _inputNames.Length; i++)
            {
                var memory = _tokens.Inputs[_inputNames[i]].AsMemory(start * length, count * length);
                values[i] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, memory, shape);
            }

            using var runOptions = new RunOptions();
            using var outputs = _model.Session.Run(runOptions, _inputNames, values, _outputNames);
            ScoreExtractor.Extract(outputs[0], scores, _yesNo);
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }
    }
}
