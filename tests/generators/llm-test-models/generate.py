#!/usr/bin/python3
"""Generates the decoder-only test models of LuceneRerank's LLM rerankers, and their numpy reference outputs.

Usage: /usr/bin/python3 generate.py OUTPUT_DIR QWEN3_TOKENIZER_DIR

Writes (each folder is an optimum / onnx-community style model folder: model.onnx, config.json, tokenizer.json,
tokenizer_config.json copied from QWEN3_TOKENIZER_DIR):
  tiny-qwen3/  a random-weight Qwen3-shaped decoder (2 layers, hidden 16, 2 query heads, 1 key/value head, head dim 8,
               q/k RMSNorm, RoPE, SwiGLU MLP, tied embeddings) with the real Qwen3 vocabulary size (151,936), the
               optimum signature (input_ids, attention_mask, position_ids, past_key_values.N.key/value -> logits,
               present.N.key/value) and its weights in external data (model.onnx_data, ~10 MB);
               reference.json holds fixed token sequences and what an independent numpy forward pass (float64, one
               unpadded sequence at a time, written below without ONNX) says about them; model_fp16.onnx beside
               it is the same graph with float16 weights and float16 logits (tests/TestModels/fp16_variant.py).
  tiny-qwen3-gen/ the same architecture with other random weights and an untied lm_head (so greedy decoding moves
               from token to token), config.json eos_token_id 151645 and generation_config.json [151645, 151643];
               reference.json holds prompts and their greedy continuations decoded by the numpy forward pass
               (no cache, one prompt at a time); model_fp16.onnx beside it has float16 weights, logits AND
               past_key_values / present tensors (as onnx-community fp16 exports do). The graphs of both tiny models
               take a non-empty past (the causal mask spans past + new tokens), for KV-cache generation.
  oracle-yes/  an "oracle" language model whose logits are a known function of the prompt, for exact end-to-end
               ranking tests. With C[t, v] = how often token v occurs among the real tokens at positions <= t and
               R[t] = sum_v C[t, v] * (C[t, v] - 1) / 2 (the number of pairs of equal tokens up to t):
                   logits[t, v] = C[t, v] + R[t] * [v == YES]           (YES = Qwen3's "yes", id 9693)
               So log p(yes) - log p(no) at the last token = C[yes] - C[no] + R: it grows with every query token the
               passage repeats (pointwise, listwise-free tests).
  oracle-copy/ the copy oracle: logits[t, v] = C[t, v], so log p(v | prefix) grows with how often v occurred before:
               query likelihood favours passages that contain the query's tokens.
  no-logits/   a graph with the decoder's inputs whose only output is 'hidden_states' (bad-input test).
"""
import json
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "TestModels"))
import fp16_variant  # noqa: E402

VOCAB = 151936  # Qwen3 config.json vocab_size (the tokenizer has 151,669 ids; the logits are wider)
YES = 9693
HIDDEN = 16
LAYERS = 2
HEADS = 2
KV_HEADS = 1
HEAD_DIM = 8
INTERMEDIATE = 32
EPS = 1e-6
ROPE_THETA = 1000000.0
OPSET = 17


def config(extra=None):
    c = {
        "architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3", "vocab_size": VOCAB, "hidden_size": HIDDEN,
        "intermediate_size": INTERMEDIATE, "num_hidden_layers": LAYERS, "num_attention_heads": HEADS,
        "num_key_value_heads": KV_HEADS, "head_dim": HEAD_DIM, "max_position_embeddings": 512, "rms_norm_eps": EPS,
        "rope_theta": ROPE_THETA, "tie_word_embeddings": True, "torch_dtype": "float32",
    }
    c.update(extra or {})
    return c


def signature_inputs():
    inputs = [
        helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
        helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "total_sequence"]),
        helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["batch", "sequence"]),
    ]
    for layer in range(LAYERS):
        for kind in ("key", "value"):
            inputs.append(helper.make_tensor_value_info(
                f"past_key_values.{layer}.{kind}", TensorProto.FLOAT, ["batch", KV_HEADS, "past_sequence", HEAD_DIM]))
    return inputs


def write_folder(folder, model, tokenizer_dir, config_extra=None, external=False):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "model.onnx")
    onnx.checker.check_model(model)
    if external:
        data = os.path.join(folder, "model.onnx_data")
        if os.path.exists(data):
            os.remove(data)  # onnx appends to an existing external data file
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location="model.onnx_data", size_threshold=1024)
    else:
        onnx.save_model(model, path)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config(config_extra), f, indent=2)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copyfile(os.path.join(tokenizer_dir, name), os.path.join(folder, name))


class Graph:
    """A tiny helper to add nodes with generated names."""

    def __init__(self):
        self.nodes, self.inits, self.count = [], [], 0

    def const(self, name, array):
        self.inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def op(self, op_type, inputs, **attrs):
        self.count += 1
        out = f"{op_type.lower()}_{self.count}"
        self.nodes.append(helper.make_node(op_type, inputs, [out], **attrs))
        return out


# ----------------------------------------------------------------------------------------------------------------
# tiny Qwen3: weights, ONNX graph, independent numpy forward pass
# ----------------------------------------------------------------------------------------------------------------
def tiny_weights(rng):
    w = {"embed": rng.normal(0, 1.0, (VOCAB, HIDDEN)).astype(np.float32),
         "final_norm": rng.uniform(0.5, 1.5, HIDDEN).astype(np.float32)}
    for l in range(LAYERS):
        s = 1.0 / np.sqrt(HIDDEN)
        w[f"{l}.in_norm"] = rng.uniform(0.5, 1.5, HIDDEN).astype(np.float32)
        w[f"{l}.q"] = rng.normal(0, s, (HIDDEN, HEADS * HEAD_DIM)).astype(np.float32)
        w[f"{l}.k"] = rng.normal(0, s, (HIDDEN, KV_HEADS * HEAD_DIM)).astype(np.float32)
        w[f"{l}.v"] = rng.normal(0, s, (HIDDEN, KV_HEADS * HEAD_DIM)).astype(np.float32)
        w[f"{l}.q_norm"] = rng.uniform(0.5, 1.5, HEAD_DIM).astype(np.float32)
        w[f"{l}.k_norm"] = rng.uniform(0.5, 1.5, HEAD_DIM).astype(np.float32)
        w[f"{l}.o"] = rng.normal(0, 1.0 / np.sqrt(HEADS * HEAD_DIM), (HEADS * HEAD_DIM, HIDDEN)).astype(np.float32)
        w[f"{l}.post_norm"] = rng.uniform(0.5, 1.5, HIDDEN).astype(np.float32)
        w[f"{l}.gate"] = rng.normal(0, s, (HIDDEN, INTERMEDIATE)).astype(np.float32)
        w[f"{l}.up"] = rng.normal(0, s, (HIDDEN, INTERMEDIATE)).astype(np.float32)
        w[f"{l}.down"] = rng.normal(0, 1.0 / np.sqrt(INTERMEDIATE), (INTERMEDIATE, HIDDEN)).astype(np.float32)
    return w


def tiny_graph(w):
    g = Graph()
    eps = g.const("eps", np.array(EPS, np.float32))
    two = g.const("two", np.array(2.0, np.float32))
    one = g.const("one_f", np.array(1.0, np.float32))
    minus_big = g.const("minus_big", np.array(-1e9, np.float32))
    scale = g.const("scale", np.array(1.0 / np.sqrt(HEAD_DIM), np.float32))
    inv_freq = g.const("inv_freq", (1.0 / ROPE_THETA ** (np.arange(0, HEAD_DIM, 2, dtype=np.float64) / HEAD_DIM)).astype(np.float32))
    embed = g.const("embed", w["embed"])

    def rms(x, weight):
        mean = g.op("ReduceMean", [g.op("Pow", [x, two])], axes=[-1], keepdims=1)
        return g.op("Mul", [g.op("Div", [x, g.op("Sqrt", [g.op("Add", [mean, eps])])]), weight])

    def rotate_half(x):
        a = g.op("Slice", [x, g.const(f"s0_{g.count}", np.array([0], np.int64)), g.const(f"s1_{g.count}", np.array([HEAD_DIM // 2], np.int64)),
                           g.const(f"sa_{g.count}", np.array([-1], np.int64))])
        b = g.op("Slice", [x, g.const(f"s2_{g.count}", np.array([HEAD_DIM // 2], np.int64)), g.const(f"s3_{g.count}", np.array([HEAD_DIM], np.int64)),
                           g.const(f"sb_{g.count}", np.array([-1], np.int64))])
        return g.op("Concat", [g.op("Neg", [b]), a], axis=-1)

    # RoPE tables from position_ids: [b, 1, s, hd]
    freqs = g.op("Mul", [g.op("Unsqueeze", ["position_ids_f", g.const("ax_last", np.array([-1], np.int64))]), inv_freq])
    g.nodes.insert(0, helper.make_node("Cast", ["position_ids"], ["position_ids_f"], to=TensorProto.FLOAT))
    emb = g.op("Concat", [freqs, freqs], axis=-1)
    ax1 = g.const("ax1", np.array([1], np.int64))
    cos = g.op("Unsqueeze", [g.op("Cos", [emb]), ax1])
    sin = g.op("Unsqueeze", [g.op("Sin", [emb]), ax1])

    # mask bias [b, 1, s, total]: causal over past + new tokens (query i sees keys j <= past + i) and padding
    i1, i2 = g.const("i1", np.array([1], np.int64)), g.const("i2", np.array([2], np.int64))
    seq = g.op("Slice", [g.op("Shape", ["input_ids"]), i1, i2])
    total = g.op("Slice", [g.op("Shape", ["attention_mask"]), i1, i2])
    past = g.op("Squeeze", [g.op("Sub", [total, seq]), g.const("ax0", np.array([0], np.int64))])
    ones = g.op("ConstantOfShape", [g.op("Concat", [seq, total], axis=0)], value=helper.make_tensor("v", TensorProto.FLOAT, [1], [1.0]))
    causal = g.op("Trilu", [ones, past], upper=0)
    pad = g.op("Unsqueeze", [g.op("Cast", ["attention_mask"], to=TensorProto.FLOAT), g.const("ax12", np.array([1, 2], np.int64))])
    bias = g.op("Mul", [g.op("Sub", [g.op("Mul", [causal, pad]), one]), g.op("Neg", [minus_big])])

    x = g.op("Gather", [embed, "input_ids"], axis=0)
    outputs = []
    for l in range(LAYERS):
        h = rms(x, g.const(f"w{l}_in_norm", w[f"{l}.in_norm"]))

        def heads(name, count, norm):
            y = g.op("MatMul", [h, g.const(f"w{l}_{name}", w[f"{l}.{name}"])])
            y = g.op("Reshape", [y, g.const(f"shape{l}_{name}", np.array([0, 0, count, HEAD_DIM], np.int64))])
            if norm:
                y = rms(y, g.const(f"w{l}_{name}_norm", w[f"{l}.{name}_norm"]))
            return g.op("Transpose", [y], perm=[0, 2, 1, 3])

        q = heads("q", HEADS, True)
        k = heads("k", KV_HEADS, True)
        v = heads("v", KV_HEADS, False)
        q = g.op("Add", [g.op("Mul", [q, cos]), g.op("Mul", [rotate_half(q), sin])])
        k = g.op("Add", [g.op("Mul", [k, cos]), g.op("Mul", [rotate_half(k), sin])])
        k = g.op("Concat", [f"past_key_values.{l}.key", k], axis=2)
        v = g.op("Concat", [f"past_key_values.{l}.value", v], axis=2)
        g.nodes.append(helper.make_node("Identity", [k], [f"present.{l}.key"]))
        g.nodes.append(helper.make_node("Identity", [v], [f"present.{l}.value"]))
        outputs += [f"present.{l}.key", f"present.{l}.value"]
        rep = np.array([1, 1, HEADS // KV_HEADS, 1, 1], np.int64)
        ax2 = g.const(f"ax2_{l}", np.array([2], np.int64))
        kv_shape = g.const(f"kvshape{l}", np.array([0, HEADS, -1, HEAD_DIM], np.int64))
        k_rep = g.op("Reshape", [g.op("Tile", [g.op("Unsqueeze", [k, ax2]), g.const(f"rep{l}k", rep)]), kv_shape])
        v_rep = g.op("Reshape", [g.op("Tile", [g.op("Unsqueeze", [v, ax2]), g.const(f"rep{l}v", rep)]), kv_shape])
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, g.op("Transpose", [k_rep], perm=[0, 1, 3, 2])]), scale]), bias])
        attn = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v_rep])
        attn = g.op("Reshape", [g.op("Transpose", [attn], perm=[0, 2, 1, 3]), g.const(f"oshape{l}", np.array([0, 0, HEADS * HEAD_DIM], np.int64))])
        x = g.op("Add", [x, g.op("MatMul", [attn, g.const(f"w{l}_o", w[f"{l}.o"])])])
        h = rms(x, g.const(f"w{l}_post_norm", w[f"{l}.post_norm"]))
        gate = g.op("MatMul", [h, g.const(f"w{l}_gate", w[f"{l}.gate"])])
        up = g.op("MatMul", [h, g.const(f"w{l}_up", w[f"{l}.up"])])
        act = g.op("Mul", [g.op("Mul", [gate, g.op("Sigmoid", [gate])]), up])
        x = g.op("Add", [x, g.op("MatMul", [act, g.const(f"w{l}_down", w[f"{l}.down"])])])

    x = rms(x, g.const("w_final_norm", w["final_norm"]))
    # lm_head: logits = x . embed^T when tied (tiny-qwen3), x . lm_head^T otherwise (tiny-qwen3-gen)
    head = g.const("lm_head", w["lm_head"]) if "lm_head" in w else embed
    g.nodes.append(helper.make_node("Gemm", [g.op("Reshape", [x, g.const("flat", np.array([-1, HIDDEN], np.int64))]), head], ["flat_logits"], transB=1))
    out_shape = g.op("Concat", [g.op("Shape", ["input_ids"]), g.const("vocab_dim", np.array([VOCAB], np.int64))], axis=0)
    g.nodes.append(helper.make_node("Reshape", ["flat_logits", out_shape], ["logits"]))
    graph_outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "sequence", VOCAB])]
    for name in outputs:
        graph_outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, ["batch", KV_HEADS, "total_sequence", HEAD_DIM]))
    graph = helper.make_graph(g.nodes, "tiny_qwen3", signature_inputs(), graph_outputs, g.inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=8)


def numpy_forward(w, ids):
    """Independent reference: logits [len, vocab] for one unpadded sequence, in float64, positions 0..len-1."""
    f = {k: v.astype(np.float64) for k, v in w.items()}
    n = len(ids)

    def rms(x, weight):
        return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + EPS) * weight

    inv = 1.0 / ROPE_THETA ** (np.arange(0, HEAD_DIM, 2) / HEAD_DIM)
    ang = np.outer(np.arange(n), inv)
    cos = np.cos(np.concatenate([ang, ang], -1))
    sin = np.sin(np.concatenate([ang, ang], -1))

    def rope(x):  # x [heads, n, hd]
        half = HEAD_DIM // 2
        rotated = np.concatenate([-x[..., half:], x[..., :half]], -1)
        return x * cos + rotated * sin

    x = f["embed"][np.array(ids)]
    for l in range(LAYERS):
        h = rms(x, f[f"{l}.in_norm"])
        q = rms((h @ f[f"{l}.q"]).reshape(n, HEADS, HEAD_DIM), f[f"{l}.q_norm"]).transpose(1, 0, 2)
        k = rms((h @ f[f"{l}.k"]).reshape(n, KV_HEADS, HEAD_DIM), f[f"{l}.k_norm"]).transpose(1, 0, 2)
        v = (h @ f[f"{l}.v"]).reshape(n, KV_HEADS, HEAD_DIM).transpose(1, 0, 2)
        q, k = rope(q), rope(k)
        out = np.zeros((HEADS, n, HEAD_DIM))
        for head in range(HEADS):
            kv = head // (HEADS // KV_HEADS)
            s = q[head] @ k[kv].T / np.sqrt(HEAD_DIM)
            s = np.where(np.tril(np.ones((n, n))) > 0, s, -np.inf)
            p = np.exp(s - s.max(-1, keepdims=True))
            p /= p.sum(-1, keepdims=True)
            out[head] = p @ v[kv]
        x = x + out.transpose(1, 0, 2).reshape(n, HEADS * HEAD_DIM) @ f[f"{l}.o"]
        h = rms(x, f[f"{l}.post_norm"])
        gate = h @ f[f"{l}.gate"]
        x = x + ((gate / (1 + np.exp(-gate))) * (h @ f[f"{l}.up"])) @ f[f"{l}.down"]
    return rms(x, f["final_norm"]) @ f.get("lm_head", f["embed"]).T


def log_sum_exp(row):
    m = row.max()
    return float(m + np.log(np.exp(row - m).sum()))


def tiny_reference(w, rng):
    lengths = [5, 12, 1, 9, 17, 3]
    sequences = [[int(t) for t in rng.integers(0, VOCAB, n)] for n in lengths]
    sequences[1][:4] = [151644, 8948, 198, 9693]  # some real Qwen3 ids
    token_ids = [YES, 2152, 0, 151643, VOCAB - 1] + [int(t) for t in rng.integers(0, VOCAB, 5)]
    starts = [max(1, n - 4) if n > 1 else 1 for n in lengths]
    next_token, continuations = [], []
    for seq, start in zip(sequences, starts):
        logits = numpy_forward(w, seq)
        last = logits[-1]
        next_token.append({"logits": [float(last[t]) for t in token_ids], "logSumExp": log_sum_exp(last)})
        continuations.append([float(logits[t - 1][seq[t]] - log_sum_exp(logits[t - 1])) for t in range(start, len(seq))])
    return {"sequences": sequences, "tokenIds": token_ids, "nextToken": next_token,
            "continuationStarts": starts, "continuations": continuations}


def greedy_reference(w, rng):
    """Independent greedy decodes for the generation tests: each prompt alone, the full sequence recomputed by
    numpy_forward at every step (no cache, no padding), the highest logit taken (lowest id on ties)."""
    lengths = [6, 2, 11, 1]
    prompts = [[int(t) for t in rng.integers(0, 151643, n)] for n in lengths]  # ids of ordinary tokens
    prompts[0][:3] = [151644, 872, 198]  # "<|im_start|>user\n"
    steps = 10
    continuations, margins = [], []
    for prompt in prompts:
        ids, generated = list(prompt), []
        for _ in range(steps):
            last = numpy_forward(w, ids)[-1]
            order = np.argsort(-last, kind="stable")
            margins.append(float(last[order[0]] - last[order[1]]))
            generated.append(int(order[0]))
            ids.append(int(order[0]))
        continuations.append(generated)
    # float32 ONNX and float64 numpy agree to ~1e-5; a closer runner-up could flip the argmax
    assert min(margins) > 1e-3, f"greedy reference has a near tie (margin {min(margins)}); change the seed"
    return {"prompts": prompts, "maxNewTokens": steps, "greedy": continuations, "smallestMargin": min(margins)}


def half_kv(model):
    """fp16 export as onnx-community ships it: float16 weights and logits (fp16_variant) and float16
    past_key_values / present tensors (widened to float32 inside, narrowed on the way out)."""
    half = fp16_variant.to_fp16(model)
    graph = half.graph
    casts_in, casts_out = [], []
    for value in graph.input:
        if value.name.startswith("past_key_values."):
            wide = value.name + "_fp32"
            for node in graph.node:
                for i, name in enumerate(node.input):
                    if name == value.name:
                        node.input[i] = wide
            casts_in.append(helper.make_node("Cast", [value.name], [wide], to=TensorProto.FLOAT))
            value.type.tensor_type.elem_type = TensorProto.FLOAT16
    for value in graph.output:
        if value.name.startswith("present."):
            wide = value.name + "_fp32"
            for node in graph.node:
                for i, name in enumerate(node.output):
                    if name == value.name:
                        node.output[i] = wide
            casts_out.append(helper.make_node("Cast", [wide], [value.name], to=TensorProto.FLOAT16))
            value.type.tensor_type.elem_type = TensorProto.FLOAT16
    nodes = casts_in + list(graph.node) + casts_out
    del graph.node[:]
    graph.node.extend(nodes)
    return half


# ----------------------------------------------------------------------------------------------------------------
# oracle and no-logits graphs
# ----------------------------------------------------------------------------------------------------------------
def oracle_graph(yes_boost):
    g = Graph()
    depth = g.const("depth", np.array(VOCAB, np.int64))
    onehot_values = g.const("onehot_values", np.array([0.0, 1.0], np.float32))
    one_hot = g.op("OneHot", ["input_ids", depth, onehot_values], axis=-1)                        # [b, s, V]
    mask = g.op("Unsqueeze", [g.op("Cast", ["attention_mask"], to=TensorProto.FLOAT), g.const("ax_last", np.array([-1], np.int64))])
    counts = g.op("CumSum", [g.op("Mul", [one_hot, mask]), g.const("axis1", np.array(1, np.int64))])  # C [b, s, V]
    half = g.const("half", np.array(0.5, np.float32))
    one = g.const("one", np.array(1.0, np.float32))
    pairs = g.op("ReduceSum", [g.op("Mul", [g.op("Mul", [counts, g.op("Sub", [counts, one])]), half]), g.const("axes_last", np.array([-1], np.int64))], keepdims=1)  # R [b, s, 1]
    yes = g.op("OneHot", [g.const("yes", np.array([YES], np.int64)), depth, onehot_values], axis=-1)  # [1, V]
    logits = g.op("Add", [counts, g.op("Mul", [pairs, yes])]) if yes_boost else counts
    # the (zero-length) past is part of the signature: add its sum (0) so the inputs are used
    zero = g.const("zero", np.array(0.0, np.float32))
    for layer in range(LAYERS):
        for kind in ("key", "value"):
            zero = g.op("Add", [zero, g.op("ReduceSum", [f"past_key_values.{layer}.{kind}"], keepdims=0)])
    position_zero = g.op("Mul", [g.op("Cast", [g.op("ReduceMax", ["position_ids"], keepdims=0)], to=TensorProto.FLOAT), zero])
    g.nodes.append(helper.make_node("Add", [logits, position_zero], ["logits"]))
    graph = helper.make_graph(g.nodes, "oracle", signature_inputs(),
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "sequence", VOCAB])], g.inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=8)


def no_logits_graph():
    node = helper.make_node("Cast", ["input_ids"], ["hidden_states"], to=TensorProto.FLOAT)
    graph = helper.make_graph(
        [node], "no_logits",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"])],
        [helper.make_tensor_value_info("hidden_states", TensorProto.FLOAT, ["batch", "sequence"])])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=8)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out, tokenizer_dir = sys.argv[1], sys.argv[2]
    rng = np.random.default_rng(20251123)
    w = tiny_weights(rng)
    tiny = os.path.join(out, "tiny-qwen3")
    write_folder(tiny, tiny_graph(w), tokenizer_dir, external=True)
    # model_fp16.onnx beside it: float16 weights (widened before use) and float16 logits, see fp16_variant.py.
    half = fp16_variant.to_fp16(tiny_graph(w))
    onnx.checker.check_model(half)
    onnx.save_model(half, os.path.join(tiny, "model_fp16.onnx"))
    with open(os.path.join(tiny, "reference.json"), "w") as f:
        json.dump(tiny_reference(w, rng), f)
    # tiny-qwen3-gen: the same architecture with its own seed and an untied lm_head, so that greedy decoding does
    # not repeat one token (tiny-qwen3's tied head maps every state back to its input token)
    gen_rng = np.random.default_rng(20261206)
    gw = tiny_weights(gen_rng)
    gw["lm_head"] = gen_rng.normal(0, 1.0, (VOCAB, HIDDEN)).astype(np.float32)
    gen = os.path.join(out, "tiny-qwen3-gen")
    write_folder(gen, tiny_graph(gw), tokenizer_dir, {"tie_word_embeddings": False, "eos_token_id": 151645}, external=True)
    with open(os.path.join(gen, "generation_config.json"), "w") as f:
        json.dump({"eos_token_id": [151645, 151643], "do_sample": False}, f, indent=2)
    gen_half = half_kv(tiny_graph(gw))
    onnx.checker.check_model(gen_half)
    onnx.save_model(gen_half, os.path.join(gen, "model_fp16.onnx"), save_as_external_data=True,
                    all_tensors_to_one_file=True, location="model_fp16.onnx_data", size_threshold=1024)
    with open(os.path.join(gen, "reference.json"), "w") as f:
        json.dump(greedy_reference(gw, gen_rng), f)
    write_folder(os.path.join(out, "oracle-yes"), oracle_graph(True), tokenizer_dir, {"max_position_embeddings": 2048})
    write_folder(os.path.join(out, "oracle-copy"), oracle_graph(False), tokenizer_dir, {"max_position_embeddings": 2048})
    write_folder(os.path.join(out, "no-logits"), no_logits_graph(), tokenizer_dir)
    print(f"wrote tiny-qwen3, tiny-qwen3-gen, oracle-yes, oracle-copy, no-logits to {out}")


if __name__ == "__main__":
    main()
