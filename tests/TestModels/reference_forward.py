#!/usr/bin/python3
"""Independent numpy forward pass of a BERT cross-encoder, for the C# parity test.

Reads the weights back out of a generated model.onnx (by initializer name) and config.json, and computes
BertForSequenceClassification logits with explicit numpy code: embeddings, LayerNorm, multi-head self-attention
with an additive mask, GELU (erf), pooler (tanh over [CLS]) and classifier. It shares no code with the ONNX graph
builder and does not use ONNX Runtime.

Pairs are made from the token ids of reference/token-ids.jsonl (written by tokenizers.js, an independent WordPiece
implementation): [CLS] query [SEP] passage [SEP], token types 0 then 1, the passage truncated to fit max_length.

    reference_forward.py MODEL_DIR TOKEN_IDS.jsonl MAX_LENGTH OUTPUT.json
"""

import json
import math
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper

CLS, SEP = 101, 102


def load_weights(model_dir):
    for relative in ("onnx/model.onnx", "model.onnx"):
        path = os.path.join(model_dir, relative)
        if os.path.isfile(path):
            model = onnx.load(path)
            graph_inputs = {i.name for i in model.graph.input}
            weights = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in model.graph.initializer}
            return weights, graph_inputs
    raise FileNotFoundError(f"no model.onnx in {model_dir}")


def erf(x):
    return np.vectorize(math.erf)(x)


def layer_norm(x, gamma, beta, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


def forward(w, config, input_ids, token_type_ids):
    """Logits of one sequence (no padding: every position is attended)."""
    hidden = config["hidden_size"]
    heads = config["num_attention_heads"]
    head_dim = hidden // heads
    eps = config["layer_norm_eps"]
    seq = len(input_ids)
    x = (w["bert.embeddings.word_embeddings.weight"][input_ids]
         + w["bert.embeddings.position_embeddings.weight"][np.arange(seq)]
         + w["bert.embeddings.token_type_embeddings.weight"][token_type_ids])
    x = layer_norm(x, w["bert.embeddings.LayerNorm.weight"], w["bert.embeddings.LayerNorm.bias"], eps)
    for i in range(config["num_hidden_layers"]):
        p = f"bert.encoder.layer.{i}."

        def dense(v, name):
            return v @ w[p + name + ".weight"] + w[p + name + ".bias"]

        q = dense(x, "attention.self.query").reshape(seq, heads, head_dim).transpose(1, 0, 2)
        k = dense(x, "attention.self.key").reshape(seq, heads, head_dim).transpose(1, 0, 2)
        v = dense(x, "attention.self.value").reshape(seq, heads, head_dim).transpose(1, 0, 2)
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(head_dim)
        scores = scores - scores.max(axis=-1, keepdims=True)
        probs = np.exp(scores)
        probs = probs / probs.sum(axis=-1, keepdims=True)
        context = (probs @ v).transpose(1, 0, 2).reshape(seq, hidden)
        x = layer_norm(dense(context, "attention.output.dense") + x,
                       w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
        inner = dense(x, "intermediate.dense")
        inner = 0.5 * inner * (1.0 + erf(inner / math.sqrt(2.0)))
        x = layer_norm(dense(inner, "output.dense") + x,
                       w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
    pooled = np.tanh(x[0] @ w["bert.pooler.dense.weight"] + w["bert.pooler.dense.bias"])
    return pooled @ w["classifier.weight"] + w["classifier.bias"]


def make_pair(query_ids, passage_ids, max_length):
    query_ids = list(query_ids)
    room = max_length - 3 - len(query_ids)
    if room < 0:
        raise ValueError("reference pairs use queries that fit")
    passage_ids = list(passage_ids)[:room]
    ids = [CLS] + query_ids + [SEP] + passage_ids + [SEP]
    types = [0] * (len(query_ids) + 2) + [1] * (len(passage_ids) + 1)
    return ids, types


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    model_dir, token_ids_path, max_length, output = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    with open(os.path.join(model_dir, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    weights, graph_inputs = load_weights(model_dir)
    with open(token_ids_path, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]

    def indices(source):
        return [i for i, line in enumerate(lines) if line["source"] == source]

    crafted = indices("crafted")
    crafted_queries, crafted_passages = crafted[:4], crafted[4:]
    scifact_queries, scifact_passages = indices("scifact-queries")[:3], indices("scifact-corpus")[:8]
    pairs = [(q, p) for q in crafted_queries for p in crafted_passages]
    pairs += [(q, p) for q in scifact_queries for p in scifact_passages]

    results = []
    for q, p in pairs:
        ids, types = make_pair(lines[q]["ids"], lines[p]["ids"], max_length)
        if "token_type_ids" not in graph_inputs:
            types = [0] * len(ids)
        logits = forward(weights, config, np.array(ids), np.array(types))
        results.append({"query_line": q, "passage_line": p, "input_ids": ids, "token_type_ids": types,
                        "logits": [float(v) for v in logits]})
    with open(output, "w", encoding="utf-8", newline="\n") as f:
        json.dump({"max_length": max_length, "pairs": results}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
