namespace LuceneRerank.Onnx;

/// <summary>Where ONNX Runtime runs the model.</summary>
public enum ExecutionProvider
{
    /// <summary>ONNX Runtime's CPU provider (always available; the default).</summary>
    Cpu,

    /// <summary>NVIDIA CUDA. Needs an ONNX Runtime with the CUDA provider (see <see cref="OnnxRuntimeOptions"/>).</summary>
    Cuda,
}
