using Microsoft.ML.OnnxRuntime;

namespace LuceneRerank.Onnx;

/// <summary>How a model's <see cref="InferenceSession"/> is created. Defaults suit a CPU server.</summary>
public sealed record OnnxRuntimeOptions
{
    /// <summary>The execution provider. Default <see cref="Onnx.ExecutionProvider.Cpu"/>.</summary>
    public ExecutionProvider ExecutionProvider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>GPU ordinal for CUDA. Default 0.</summary>
    public int DeviceId { get; init; }

    /// <summary>Threads used inside one operator; 0 lets ONNX Runtime choose (one per physical core). Default 0.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads used across independent operators; 0 lets ONNX Runtime choose. Default 0.</summary>
    public int InterOpThreads { get; init; }

    /// <summary>Graph optimisation level. Default <see cref="GraphOptimizationLevel.ORT_ENABLE_ALL"/>.</summary>
    public GraphOptimizationLevel GraphOptimizationLevel { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;
}
