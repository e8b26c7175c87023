namespace LuceneRerank;

/// <summary>Which ONNX export of a model <see cref="Rerankers.Open"/> loads when a model folder holds several.</summary>
public enum ModelPrecision
{
    /// <summary>The file each family picks by default (for example <c>model.onnx</c>, else <c>onnx/model.onnx</c>).</summary>
    Auto,

    /// <summary>The full-precision export: <c>model.onnx</c> (T5: <c>encoder_model.onnx</c> and <c>decoder_model.onnx</c>), in the folder or <c>onnx/</c>.</summary>
    Fp32,

    /// <summary>The half-precision export: <c>model_fp16.onnx</c> (T5: <c>encoder_model_fp16.onnx</c>, <c>decoder_model_fp16.onnx</c>), in the folder or <c>onnx/</c>.</summary>
    Fp16,

    /// <summary>The 8-bit quantized export: <c>model_quantized.onnx</c> (T5: <c>encoder_model_quantized.onnx</c>, <c>decoder_model_quantized.onnx</c>), in the folder or <c>onnx/</c>.</summary>
    Int8,
}
