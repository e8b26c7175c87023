#!/usr/bin/python3
"""Generates the test models of LuceneRerank's in-context reranker (ICR) and their numpy reference scores.

Usage: /usr/bin/python3 generate_icr.py OUTPUT_DIR QWEN3_TOKENIZER_DIR

Writes (optimum / onnx-community style folders: model.onnx, config.json, tokenizer.json, tokenizer_config.json):
  tiny-qwen3-attentions/  the tiny random Qwen3 of generate.py (its own seed, 4,096 positions) exported WITH attention
               outputs: besides present.N.key/value it returns attentions.N [batch, heads, sequence, sequence], the
               softmax probabilities of layer N (what torch returns with output_attentions=True), and no logits. icr-reference.json holds
               fixed prompts (token ids, document spans, query span start, for the real and the calibration query)
               and what an independent numpy forward pass (float64, written below without ONNX) says about them:
               the per-token attention mass and the ICR scores.
  attention-oracle/  an "oracle" whose attention is a known function of the token ids, for exact ranking tests:
               in each of 2 layers and 1 head, position t attends to position k <= t with weight proportional to
               exp(4 * [id_t == id_k]). The query's tokens attend to the document tokens equal to them, so a document
               that repeats more of the query's tokens gets more attention mass than the calibration query gives it.
  attention-oracle-fp16/  the same with float16 attention outputs.
  attention-oracle-last-rows/  the same returning only the last 48 rows of each layer's attention [batch, 1, 48, seq]
               (an export that keeps only the rows the query span needs).
  no-attentions/  the oracle's inputs with only a 'logits' output (the bad-input test: no attention outputs).

ICR score of a document (Chen et al. 2024, the official code's default 'masked_NA_calibration'), computed in
icr_scores below: per pass, a[k] = sum over layers and heads of the mean over the query-span rows t of A[l, h, t, k];
per document token k, d[k] = a_query[k] - a_calibration[k]; tokens with d[k] < mean(d) - 2 std(d) (std with n - 1,
0 for a one-token document) are dropped as biased; score = sum of d[k] over the kept tokens.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate as g  # noqa: E402  (shapes, weights, graph and write_folder of the tiny Qwen3)

ORACLE_BETA = 4.0
ORACLE_LAYERS = 2
ORACLE_ROWS = 48


def with_attention_outputs(model):
    """
    The tiny Qwen3 graph with each layer's Softmax output exposed as attentions.N [batch, heads, seq, seq], and without
    'logits' (and the nodes only it needs), as the README's export recipe advises: ICR needs no logits, and a graph
    that has them may compute sequence x vocabulary of them even when they are not fetched.
    """
    graph = model.graph
    softmaxes = [n for n in graph.node if n.op_type == "Softmax"]
    assert len(softmaxes) == g.LAYERS, len(softmaxes)
    for layer, node in enumerate(softmaxes):
        name = f"attentions.{layer}"
        graph.node.append(helper.make_node("Identity", [node.output[0]], [name]))
        graph.output.append(helper.make_tensor_value_info(
            name, TensorProto.FLOAT, ["batch", g.HEADS, "sequence", "total_sequence"]))
    kept_outputs = [o for o in graph.output if o.name != "logits"]
    del graph.output[:]
    graph.output.extend(kept_outputs)
    needed = {o.name for o in graph.output}
    live = []
    for node in reversed(list(graph.node)):
        if any(out in needed for out in node.output):
            live.append(node)
            needed.update(node.input)
    del graph.node[:]
    graph.node.extend(reversed(live))
    kept_inits = [i for i in graph.initializer if i.name in needed]
    del graph.initializer[:]
    graph.initializer.extend(kept_inits)
    return model


def numpy_attentions(w, ids):
    """Independent reference: per layer the attention probabilities [heads, n, n] of one unpadded sequence (float64)."""
    f = {k: v.astype(np.float64) for k, v in w.items()}
    n = len(ids)

    def rms(x, weight):
        return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + g.EPS) * weight

    inv = 1.0 / g.ROPE_THETA ** (np.arange(0, g.HEAD_DIM, 2) / g.HEAD_DIM)
    ang = np.outer(np.arange(n), inv)
    cos = np.cos(np.concatenate([ang, ang], -1))
    sin = np.sin(np.concatenate([ang, ang], -1))

    def rope(x):
        half = g.HEAD_DIM // 2
        return x * cos + np.concatenate([-x[..., half:], x[..., :half]], -1) * sin

    x = f["embed"][np.array(ids)]
    layers = []
    for l in range(g.LAYERS):
        h = rms(x, f[f"{l}.in_norm"])
        q = rope(rms((h @ f[f"{l}.q"]).reshape(n, g.HEADS, g.HEAD_DIM), f[f"{l}.q_norm"]).transpose(1, 0, 2))
        k = rope(rms((h @ f[f"{l}.k"]).reshape(n, g.KV_HEADS, g.HEAD_DIM), f[f"{l}.k_norm"]).transpose(1, 0, 2))
        v = (h @ f[f"{l}.v"]).reshape(n, g.KV_HEADS, g.HEAD_DIM).transpose(1, 0, 2)
        probs = np.zeros((g.HEADS, n, n))
        out = np.zeros((g.HEADS, n, g.HEAD_DIM))
        for head in range(g.HEADS):
            kv = head // (g.HEADS // g.KV_HEADS)
            s = q[head] @ k[kv].T / np.sqrt(g.HEAD_DIM)
            s = np.where(np.tril(np.ones((n, n))) > 0, s, -np.inf)
            p = np.exp(s - s.max(-1, keepdims=True))
            p /= p.sum(-1, keepdims=True)
            probs[head] = p
            out[head] = p @ v[kv]
        layers.append(probs)
        x = x + out.transpose(1, 0, 2).reshape(n, g.HEADS * g.HEAD_DIM) @ f[f"{l}.o"]
        h = rms(x, f[f"{l}.post_norm"])
        gate = h @ f[f"{l}.gate"]
        x = x + ((gate / (1 + np.exp(-gate))) * (h @ f[f"{l}.up"])) @ f[f"{l}.down"]
    return layers


def token_attention(layers, query_start):
    """a[k] = sum over layers and heads of the mean over query rows t >= query_start of A[l, h, t, k]."""
    return sum(p[:, query_start:, :].mean(axis=1).sum(axis=0) for p in layers)


def icr_scores(a_query, a_calibration, spans):
    results = []
    for start, end in spans:
        d = a_query[start:end] - a_calibration[start:end]
        std = d.std(ddof=1) if len(d) > 1 else 0.0
        keep = d >= d.mean() - 2 * std
        results.append({"score": float(d[keep].sum()), "queryMass": float(a_query[start:end][keep].sum()),
                        "calibrationMass": float(a_calibration[start:end][keep].sum()), "keptTokens": int(keep.sum()),
                        "tokens": int(end - start)})
    return results


def icr_reference(w, rng):
    cases = []
    for documents in ([3, 7, 1, 12], [5, 5], [9, 2, 4, 6, 3, 8]):
        prefix = [int(t) for t in rng.integers(0, 151643, 3)]
        body, spans = list(prefix), []
        for length in documents:
            spans.append([len(body), len(body) + length])
            body += [int(t) for t in rng.integers(0, 151643, length)]
        late = [int(t) for t in rng.integers(0, 151643, 4)]
        query = late + [int(t) for t in rng.integers(0, 151643, 5)]
        calibration = late + [int(t) for t in rng.integers(0, 151643, 2)]
        ids, calibration_ids = body + query, body + calibration
        a_query = token_attention(numpy_attentions(w, ids), len(body))
        a_calibration = token_attention(numpy_attentions(w, calibration_ids), len(body))
        cases.append({"ids": ids, "calibrationIds": calibration_ids, "queryStart": len(body), "documentSpans": spans,
                      "tokenAttention": a_query.tolist(), "calibrationTokenAttention": a_calibration.tolist(),
                      "documents": icr_scores(a_query, a_calibration, spans)})
    return {"cases": cases}


def oracle_graph(with_attentions, variant="full"):
    """
    Attention oracle: A[l, 0, t, k] = softmax over k <= t (real tokens) of ORACLE_BETA * [id_t == id_k]. variant
    "fp16" returns the attentions as float16; "last-rows" returns only the last ORACLE_ROWS rows [b, 1, rows, s].
    """
    gr = g.Graph()
    ids_f = gr.op("Cast", ["input_ids"], to=TensorProto.FLOAT)
    rows = gr.op("Unsqueeze", [ids_f, gr.const("ax2", np.array([2], np.int64))])       # [b, s, 1]
    cols = gr.op("Unsqueeze", [ids_f, gr.const("ax1", np.array([1], np.int64))])       # [b, 1, s]
    equal = gr.op("Cast", [gr.op("Equal", [rows, cols])], to=TensorProto.FLOAT)          # [b, s, s]
    seq = gr.op("Slice", [gr.op("Shape", ["input_ids"]), gr.const("i1", np.array([1], np.int64)), gr.const("i2", np.array([2], np.int64))])
    ones = gr.op("ConstantOfShape", [gr.op("Concat", [seq, seq], axis=0)], value=helper.make_tensor("v", TensorProto.FLOAT, [1], [1.0]))
    causal = gr.op("Trilu", [ones], upper=0)
    pad = gr.op("Unsqueeze", [gr.op("Cast", ["attention_mask"], to=TensorProto.FLOAT), gr.const("ax1b", np.array([1], np.int64))])
    allowed = gr.op("Mul", [causal, pad])                                                # [b, s, s]
    bias = gr.op("Mul", [gr.op("Sub", [allowed, gr.const("one", np.array(1.0, np.float32))]), gr.const("big", np.array(1e9, np.float32))])
    scores = gr.op("Add", [gr.op("Mul", [equal, gr.const("beta", np.array(ORACLE_BETA, np.float32))]), bias])
    probs = gr.op("Unsqueeze", [gr.op("Softmax", [scores], axis=-1), gr.const("axh", np.array([1], np.int64))])  # [b, 1, s, s]
    # the (zero-length) past and the positions are part of the signature: add their sums (0) so the inputs are used
    zero = gr.const("zero", np.array(0.0, np.float32))
    for layer in range(g.LAYERS):
        for kind in ("key", "value"):
            zero = gr.op("Add", [zero, gr.op("ReduceSum", [f"past_key_values.{layer}.{kind}"], keepdims=0)])
    zero = gr.op("Mul", [gr.op("Cast", [gr.op("ReduceMax", ["position_ids"], keepdims=0)], to=TensorProto.FLOAT), zero])
    outputs = []
    if with_attentions:
        probs = gr.op("Add", [probs, zero])
        element, rows = TensorProto.FLOAT, "sequence"
        if variant == "last-rows":
            probs = gr.op("Slice", [probs, gr.const("rows_start", np.array([-ORACLE_ROWS], np.int64)),
                                    gr.const("rows_end", np.array([2 ** 62], np.int64)), gr.const("rows_axis", np.array([2], np.int64))])
            rows = "rows"
        elif variant == "fp16":
            probs = gr.op("Cast", [probs], to=TensorProto.FLOAT16)
            element = TensorProto.FLOAT16
        for layer in range(ORACLE_LAYERS):
            gr.nodes.append(helper.make_node("Identity", [probs], [f"attentions.{layer}"]))
            outputs.append(helper.make_tensor_value_info(f"attentions.{layer}", element, ["batch", 1, rows, "sequence"]))
    else:
        logits = gr.op("Mul", [gr.op("Unsqueeze", [ids_f, gr.const("axl", np.array([-1], np.int64))]), gr.const("vocab_row", np.zeros((1, 1, g.VOCAB), np.float32))])
        gr.nodes.append(helper.make_node("Add", [logits, zero], ["logits"]))
        outputs.append(helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "sequence", g.VOCAB]))
    graph = helper.make_graph(gr.nodes, "attention_oracle", g.signature_inputs(), outputs, gr.inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", g.OPSET)], ir_version=8)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out, tokenizer_dir = sys.argv[1], sys.argv[2]
    rng = np.random.default_rng(20261206)
    w = g.tiny_weights(rng)
    # sanity check of the reference itself: every attention row is a probability distribution
    for probs in numpy_attentions(w, [1, 2, 3]):
        assert np.allclose(probs.sum(-1), 1.0)
    folder = os.path.join(out, "tiny-qwen3-attentions")
    g.write_folder(folder, with_attention_outputs(g.tiny_graph(w)), tokenizer_dir, {"max_position_embeddings": 4096}, external=True)
    with open(os.path.join(folder, "icr-reference.json"), "w") as f:
        json.dump(icr_reference(w, rng), f)
    oracle_config = {"max_position_embeddings": 4096, "num_hidden_layers": ORACLE_LAYERS, "num_attention_heads": 1,
                     "num_key_value_heads": 1}
    g.write_folder(os.path.join(out, "attention-oracle"), oracle_graph(True), tokenizer_dir, oracle_config)
    g.write_folder(os.path.join(out, "attention-oracle-fp16"), oracle_graph(True, "fp16"), tokenizer_dir, oracle_config)
    g.write_folder(os.path.join(out, "attention-oracle-last-rows"), oracle_graph(True, "last-rows"), tokenizer_dir, oracle_config)
    g.write_folder(os.path.join(out, "no-attentions"), oracle_graph(False), tokenizer_dir, oracle_config)
    print(f"wrote tiny-qwen3-attentions, attention-oracle(-fp16, -last-rows), no-attentions to {out}")


if __name__ == "__main__":
    main()
