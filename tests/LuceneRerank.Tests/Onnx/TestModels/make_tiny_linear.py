#!/usr/bin/env python3
"""Writes tiny-linear.onnx: y = x @ W + b with W = [[1,2],[3,4],[5,6]], b = [0.5,-1] (x: float[N,3], y: float[N,2]).

Used by the execution-provider tests to check that results on CPU are the hand-computable values. Run with Debian's
/usr/bin/python3 (python3-onnx, python3-numpy); the output is committed (a few hundred bytes).
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

w = numpy_helper.from_array(np.array([[1, 2], [3, 4], [5, 6]], dtype=np.float32), "W")
b = numpy_helper.from_array(np.array([0.5, -1.0], dtype=np.float32), "b")
graph = helper.make_graph(
    [helper.make_node("MatMul", ["x", "W"], ["xw"]), helper.make_node("Add", ["xw", "b"], ["y"])],
    "tiny_linear",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 3])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", 2])],
    initializer=[w, b],
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="LuceneRerank tests")
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tiny-linear.onnx"))
