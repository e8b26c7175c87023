using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LuceneRerank.GpuBench;

/// <summary>
/// Turns a model's first output into one score per row: [n,1] → the logit; [n,2] → the positive-class logit; [n,V] with
/// yes/no token ids → log p(yes) over {yes, no} (the pointwise LLM reranker's score). Reads float32 or float16 outputs.
/// </summary>
internal static class ScoreExtractor
{
    public static void Extract(OrtValue output, Span<float> scores, (int Yes, int No)? yesNo)
    {
        var shape = output.GetTensorTypeAndShape();
        var width = (int)shape.Shape[^1];
        var rows = scores.Length;
        var values = shape.ElementDataType switch
        {
            TensorElementType.Float => output.GetTensorDataAsSpan<float>().ToArray(),
            TensorElementType.Float16 => output.GetTensorDataAsSpan<Float16>().ToArray().Select(h => (float)h).ToArray(),
            var other => throw new InvalidDataException($"model output is {other}; expected float or float16"),
        };
        for (var i = 0; i < rows; i++)
        {
            var row = values.AsSpan(i * width, width);
            if (yesNo is var (yes, no))
            {
                var max = Math.Max(row[yes], row[no]);
                var logSum = max + MathF.Log(MathF.Exp(row[yes] - max) + MathF.Exp(row[no] - max));
                scores[i] = row[yes] - logSum;
            }
            else
            {
                scores[i] = width == 1 ? row[0] : row[1];
            }
        }
    }
}
