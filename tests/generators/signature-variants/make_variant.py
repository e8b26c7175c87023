#!/usr/bin/python3
"""Writes a variant of an ONNX model without some of its optional inputs, as other exporters produce them.

Usage: /usr/bin/python3 make_variant.py IN.onnx OUT.onnx INPUT [INPUT ...]

Each INPUT is removed from the graph's inputs and computed inside the graph instead, the way an export that lacks it
behaves (the weights and every other node are unchanged; OUT is written without external data):
  position_ids             0, 1, ..., sequence - 1 on every row (an export that numbers positions itself, ignoring
                           padding: left padding would shift them)
  past_key_values.*        an empty cache [batch, kv heads, 0, head dim] (an export without past inputs); the
                           wildcard names every past_key_values.N.key/value input
  encoder_attention_mask   all ones [batch, encoder sequence] (a T5 decoder export without the mask: cross-attention
                           reads every encoder position, padding included)
  token_type_ids           all zeros, shaped like input_ids (a BERT export without segment ids)
Run by the C# tests (tests/LuceneRerank.Tests/TestSupport/SignatureVariants.cs) into a temporary folder.
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    source, target, wanted = sys.argv[1], sys.argv[2], sys.argv[3:]
    model = onnx.load(source)  # loads external data from beside the file
    graph = model.graph
    names = [i.name for i in graph.input]
    drop = []
    for w in wanted:
        matches = [n for n in names if n == w or (w.endswith("*") and n.startswith(w[:-1]))]
        if not matches:
            sys.exit(f"{source} has no input {w} (inputs: {', '.join(names)})")
        drop += matches
    nodes, inits = [], []
    count = [0]

    def const(array):
        count[0] += 1
        name = f"variant_const_{count[0]}"
        inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def op(op_type, inputs, output=None, **attrs):
        count[0] += 1
        out = output or f"variant_{op_type.lower()}_{count[0]}"
        nodes.append(helper.make_node(op_type, inputs, [out], **attrs))
        return out

    def dims(name):
        shape = op("Shape", [name])
        return shape

    for name in drop:
        info = next(i for i in graph.input if i.name == name)
        if name == "position_ids":
            shape = dims("input_ids")
            length = op("Squeeze", [op("Slice", [shape, const(np.array([1], np.int64)), const(np.array([2], np.int64))]),
                                    const(np.array([0], np.int64))])
            row = op("Range", [const(np.array(0, np.int64)), length, const(np.array(1, np.int64))])
            op("Expand", [op("Unsqueeze", [row, const(np.array([0], np.int64))]), shape], output=name)
        elif name.startswith("past_key_values."):
            d = info.type.tensor_type.shape.dim
            heads, head_dim = d[1].dim_value, d[3].dim_value
            if heads <= 0 or head_dim <= 0:
                sys.exit(f"{name}: kv heads and head dim must be fixed to build an empty cache")
            batch = op("Slice", [dims("input_ids"), const(np.array([0], np.int64)), const(np.array([1], np.int64))])
            shape = op("Concat", [batch, const(np.array([heads, 0, head_dim], np.int64))], axis=0)
            op("ConstantOfShape", [shape], output=name,
               value=helper.make_tensor("zero", info.type.tensor_type.elem_type, [1], [0]))
        elif name == "encoder_attention_mask":
            shape = op("Slice", [dims("encoder_hidden_states"), const(np.array([0], np.int64)), const(np.array([2], np.int64))])
            op("ConstantOfShape", [shape], output=name, value=helper.make_tensor("one", TensorProto.INT64, [1], [1]))
        elif name == "token_type_ids":
            op("ConstantOfShape", [dims("input_ids")], output=name, value=helper.make_tensor("zero", TensorProto.INT64, [1], [0]))
        else:
            sys.exit(f"no rule to compute input {name} inside the graph")

    kept = [i for i in graph.input if i.name not in drop]
    del graph.input[:]
    graph.input.extend(kept)
    old = list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes + old)
    graph.initializer.extend(inits)
    onnx.checker.check_model(model)
    onnx.save_model(model, target)
    print(f"wrote {target} without {', '.join(drop)}")


if __name__ == "__main__":
    main()
