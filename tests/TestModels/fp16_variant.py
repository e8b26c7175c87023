"""Writes the fp16 variant of a generated fp32 cross-encoder, as Hugging Face ONNX exports ship it beside the fp32
file (onnx/model_fp16.onnx): every float32 initializer stored as float16, and the logits output float16.

The weights are stored in half precision and widened by a Cast before use, so the graph computes in float32 on any
execution provider (ONNX Runtime's CPU provider lacks float16 kernels for most transformer ops) while the file, the
rounding of every weight and the float16 output are those of a half-precision model. Used by generate_cross_encoder.py.
"""

import numpy as np
from onnx import TensorProto, helper, numpy_helper


def to_fp16(model):
    """Returns a copy of the fp32 ModelProto with float16 weights (Cast to float32 before use) and float16 logits."""
    out = type(model)()
    out.CopyFrom(model)
    graph = out.graph
    casts = []
    kept = []
    for tensor in graph.initializer:
        if tensor.data_type != TensorProto.FLOAT:
            kept.append(tensor)
            continue
        # Out-of-range constants (an additive mask's -1e9) saturate at float16's largest finite value, as converters do.
        limit = np.finfo(np.float16).max
        value = np.clip(numpy_helper.to_array(tensor), -limit, limit).astype(np.float16)
        half = numpy_helper.from_array(value, tensor.name + "_fp16")
        kept.append(half)
        casts.append(helper.make_node("Cast", [half.name], [tensor.name], to=TensorProto.FLOAT))
    del graph.initializer[:]
    graph.initializer.extend(kept)

    output = graph.output[0]
    wide = output.name + "_fp32"
    for node in graph.node:
        for i, name in enumerate(node.output):
            if name == output.name:
                node.output[i] = wide
    nodes = casts + list(graph.node) + [helper.make_node("Cast", [wide], [output.name], to=TensorProto.FLOAT16)]
    del graph.node[:]
    graph.node.extend(nodes)
    output.type.tensor_type.elem_type = TensorProto.FLOAT16
    return out
