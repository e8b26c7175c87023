"""Builds a BERT-for-sequence-classification ONNX graph (the layout of Hugging Face ms-marco cross-encoder exports)
from numpy weights, with onnx.helper only. Used by generate_cross_encoder.py; the forward pass that checks it is
reference_forward.py, written separately on purpose (it reads the weights back from the .onnx file)."""

import numpy as np
from onnx import TensorProto, helper, numpy_helper


def random_weights(rng, vocab_size, hidden, layers, intermediate, labels, type_vocab_size, max_position):
    """Random weights, scaled so that logits are of order 1 (so a 1e-4 comparison is meaningful)."""

    def normal(shape, std):
        return (rng.standard_normal(shape) * std).astype(np.float32)

    w = {
        "bert.embeddings.word_embeddings.weight": normal((vocab_size, hidden), 0.5),
        "bert.embeddings.position_embeddings.weight": normal((max_position, hidden), 0.5),
        "bert.embeddings.token_type_embeddings.weight": normal((type_vocab_size, hidden), 0.5),
        "bert.embeddings.LayerNorm.weight": (1.0 + normal((hidden,), 0.1)),
        "bert.embeddings.LayerNorm.bias": normal((hidden,), 0.1),
    }
    for i in range(layers):
        p = f"bert.encoder.layer.{i}."
        for name in ("query", "key", "value"):
            w[p + f"attention.self.{name}.weight"] = normal((hidden, hidden), 1.0 / np.sqrt(hidden))
            w[p + f"attention.self.{name}.bias"] = normal((hidden,), 0.1)
        w[p + "attention.output.dense.weight"] = normal((hidden, hidden), 1.0 / np.sqrt(hidden))
        w[p + "attention.output.dense.bias"] = normal((hidden,), 0.1)
        w[p + "attention.output.LayerNorm.weight"] = 1.0 + normal((hidden,), 0.1)
        w[p + "attention.output.LayerNorm.bias"] = normal((hidden,), 0.1)
        w[p + "intermediate.dense.weight"] = normal((hidden, intermediate), 1.0 / np.sqrt(hidden))
        w[p + "intermediate.dense.bias"] = normal((intermediate,), 0.1)
        w[p + "output.dense.weight"] = normal((intermediate, hidden), 1.0 / np.sqrt(intermediate))
        w[p + "output.dense.bias"] = normal((hidden,), 0.1)
        w[p + "output.LayerNorm.weight"] = 1.0 + normal((hidden,), 0.1)
        w[p + "output.LayerNorm.bias"] = normal((hidden,), 0.1)
    w["bert.pooler.dense.weight"] = normal((hidden, hidden), 1.0 / np.sqrt(hidden))
    w["bert.pooler.dense.bias"] = normal((hidden,), 0.1)
    w["classifier.weight"] = normal((hidden, labels), 1.0)
    w["classifier.bias"] = normal((labels,), 0.5)
    return w


class _Graph:
    def __init__(self):
        self.nodes = []
        self.initializers = []
        self._count = 0

    def name(self, hint):
        self._count += 1
        return f"{hint}_{self._count}"

    def const(self, value, hint="const"):
        name = self.name(hint)
        self.initializers.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(self, op_type, inputs, hint=None, **attrs):
        out = self.name(hint or op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], **attrs))
        return out

    def weight(self, weights, key):
        self.initializers.append(numpy_helper.from_array(weights[key], key))
        return key


def build_model(weights, hidden, heads, layers, labels, layer_norm_eps, with_token_types,
                input_names=("input_ids", "attention_mask", "token_type_ids"), output_name="logits",
                hidden_state_output=False):
    """Returns an onnx ModelProto computing BertForSequenceClassification logits [batch, labels], or (with
    hidden_state_output, to imitate an embedding model) the last hidden state [batch, sequence, hidden]."""
    g = _Graph()
    ids_name, mask_name, types_name = input_names
    head_dim = hidden // heads

    def layer_norm(x, prefix):
        return g.op("LayerNormalization", [x, g.weight(weights, prefix + ".weight"), g.weight(weights, prefix + ".bias")],
                    axis=-1, epsilon=layer_norm_eps)

    def linear(x, prefix):
        return g.op("Add", [g.op("MatMul", [x, g.weight(weights, prefix + ".weight")]), g.weight(weights, prefix + ".bias")])

    # Embeddings: word + position (0..seq-1) + token type.
    word = g.op("Gather", [g.weight(weights, "bert.embeddings.word_embeddings.weight"), ids_name], axis=0)
    shape = g.op("Shape", [ids_name])
    seq_len = g.op("Gather", [shape, g.const(np.int64(1))], axis=0)
    positions = g.op("Range", [g.const(np.int64(0)), seq_len, g.const(np.int64(1))])
    position = g.op("Gather", [g.weight(weights, "bert.embeddings.position_embeddings.weight"), positions], axis=0)
    type_table = g.weight(weights, "bert.embeddings.token_type_embeddings.weight")
    if with_token_types:
        token_type = g.op("Gather", [type_table, types_name], axis=0)
    else:
        token_type = g.op("Gather", [type_table, g.const(np.int64(0))], axis=0)
    x = g.op("Add", [g.op("Add", [word, position]), token_type])
    x = layer_norm(x, "bert.embeddings.LayerNorm")

    # Additive attention mask: (1 - mask) * -10000, shape [batch, 1, 1, seq].
    mask_f = g.op("Cast", [mask_name], to=TensorProto.FLOAT)
    mask_4d = g.op("Unsqueeze", [mask_f, g.const(np.array([1, 2], dtype=np.int64))])
    additive = g.op("Mul", [g.op("Sub", [g.const(np.float32(1.0)), mask_4d]), g.const(np.float32(-10000.0))])

    split_shape = g.const(np.array([0, 0, heads, head_dim], dtype=np.int64))
    merge_shape = g.const(np.array([0, 0, hidden], dtype=np.int64))
    scale = g.const(np.float32(1.0 / np.sqrt(head_dim)))
    for i in range(layers):
        p = f"bert.encoder.layer.{i}."

        def heads_of(name, perm):
            return g.op("Transpose", [g.op("Reshape", [linear(x, p + f"attention.self.{name}"), split_shape])], perm=perm)

        q = heads_of("query", [0, 2, 1, 3])
        k = heads_of("key", [0, 2, 3, 1])
        v = heads_of("value", [0, 2, 1, 3])
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), scale]), additive])
        probs = g.op("Softmax", [scores], axis=-1)
        context = g.op("Transpose", [g.op("MatMul", [probs, v])], perm=[0, 2, 1, 3])
        context = g.op("Reshape", [context, merge_shape])
        attn = linear(context, p + "attention.output.dense")
        x = layer_norm(g.op("Add", [attn, x]), p + "attention.output.LayerNorm")
        inter = linear(x, p + "intermediate.dense")
        # GELU (erf form): 0.5 * x * (1 + erf(x / sqrt(2)))
        erf = g.op("Erf", [g.op("Div", [inter, g.const(np.float32(np.sqrt(2.0)))])])
        gelu = g.op("Mul", [g.op("Mul", [inter, g.op("Add", [erf, g.const(np.float32(1.0))])]), g.const(np.float32(0.5))])
        out = linear(gelu, p + "output.dense")
        x = layer_norm(g.op("Add", [out, x]), p + "output.LayerNorm")

    if hidden_state_output:
        g.nodes.append(helper.make_node("Identity", [x], [output_name]))
        output_dims = ["batch_size", "sequence_length", hidden]
    else:
        cls = g.op("Gather", [x, g.const(np.int64(0))], axis=1)
        pooled = g.op("Tanh", [linear(cls, "bert.pooler.dense")])
        logits = linear(pooled, "classifier")
        g.nodes.append(helper.make_node("Identity", [logits], [output_name]))
        output_dims = ["batch_size", labels]

    inputs = [helper.make_tensor_value_info(ids_name, TensorProto.INT64, ["batch_size", "sequence_length"])]
    inputs.append(helper.make_tensor_value_info(mask_name, TensorProto.INT64, ["batch_size", "sequence_length"]))
    if with_token_types:
        inputs.append(helper.make_tensor_value_info(types_name, TensorProto.INT64, ["batch_size", "sequence_length"]))
    outputs = [helper.make_tensor_value_info(output_name, TensorProto.FLOAT, output_dims)]
    graph = helper.make_graph(g.nodes, "bert_cross_encoder", inputs, outputs, g.initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="LuceneRerank tests")
    model.ir_version = 8
    return model
