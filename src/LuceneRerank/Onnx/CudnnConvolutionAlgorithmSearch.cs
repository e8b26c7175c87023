namespace LuceneRerank.Onnx;

/// <summary>How the CUDA provider picks cuDNN convolution algorithms (ONNX Runtime's <c>cudnn_conv_algo_search</c>).</summary>
public enum CudnnConvolutionAlgorithmSearch
{
    /// <summary>
    /// No search: cuDNN's default algorithm (<c>DEFAULT</c>). Right for transformers, which have no convolutions; it
    /// avoids the benchmarking pass that exhaustive search runs for every new input shape.
    /// </summary>
    Default,

    /// <summary>cuDNN's heuristics (<c>HEURISTIC</c>).</summary>
    Heuristic,

    /// <summary>Benchmark every algorithm per shape (<c>EXHAUSTIVE</c>, ONNX Runtime's own default): slow first calls.</summary>
    Exhaustive,
}
