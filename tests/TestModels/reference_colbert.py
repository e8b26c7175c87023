#!/usr/bin/python3
"""Independent numpy reference for the generated ColBERT models: token ids with markers and [MASK] augmentation,
the forward pass (BERT with an attention mask, the linear projection), the document skip-list, L2 normalisation and
MaxSim. Shares no code with the ONNX graph builder and does not use ONNX Runtime: the weights are read back from the
.onnx file by name, the settings from the model's own config file, the text token ids from reference/token-ids.jsonl
(tokenizers.js, an independent WordPiece implementation).

    reference_colbert.py MODEL_DIR TOKEN_IDS.jsonl OUTPUT.json

Queries: the first 4 crafted texts and the first 3 SciFact queries; documents: the other crafted texts and the first
6 SciFact passages. As ColBERT and PyLate build them: [CLS] marker text [SEP], the text cut to length - 3; queries
padded with [MASK] to the query length (attended only when attend_to_mask_tokens / attend_to_expansion_tokens), every
query vector kept; document vectors of skip-listed ids dropped (ColBERT: the vocabulary id of each character of
Python's string.punctuation; PyLate: the ids of skiplist_words).
"""

import json
import math
import os
import string
import sys

import numpy as np
import onnx
from onnx import numpy_helper

CLS, SEP, MASK = "[CLS]", "[SEP]", "[MASK]"


def vocabulary(model_dir):
    """token -> id from vocab.txt or tokenizer.json (model.vocab plus added_tokens)."""
    path = os.path.join(model_dir, "vocab.txt")
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            return {line.rstrip("\n"): i for i, line in enumerate(f)}
    with open(os.path.join(model_dir, "tokenizer.json"), encoding="utf-8") as f:
        tokenizer = json.load(f)
    vocab = dict(tokenizer["model"]["vocab"])
    for added in tokenizer.get("added_tokens", []):
        vocab[added["content"]] = added["id"]
    return vocab


def settings(model_dir, vocab):
    st_path = os.path.join(model_dir, "config_sentence_transformers.json")
    if os.path.isfile(st_path):
        with open(st_path, encoding="utf-8") as f:
            c = json.load(f)
        return dict(query_marker=vocab[c["query_prefix"]], document_marker=vocab[c["document_prefix"]],
                    query_length=c["query_length"], document_length=c["document_length"],
                    attend=c["attend_to_expansion_tokens"],
                    skip={vocab[w] for w in c["skiplist_words"] if w in vocab})
    with open(os.path.join(model_dir, "artifact.metadata"), encoding="utf-8") as f:
        c = json.load(f)
    skip = {vocab[symbol] for symbol in string.punctuation} if c["mask_punctuation"] else set()
    return dict(query_marker=vocab[c["query_token_id"]], document_marker=vocab[c["doc_token_id"]],
                query_length=c["query_maxlen"], document_length=c["doc_maxlen"], attend=c["attend_to_mask_tokens"],
                skip=skip)


def load_weights(model_dir):
    for relative in ("onnx/model.onnx", "model.onnx"):
        path = os.path.join(model_dir, relative)
        if os.path.isfile(path):
            return {t.name: numpy_helper.to_array(t).astype(np.float64) for t in onnx.load(path).graph.initializer}
    raise FileNotFoundError(f"no model.onnx in {model_dir}")


def layer_norm(x, gamma, beta, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


def token_vectors(w, config, ids, mask):
    """BERT's last hidden state of one sequence with an attention mask, times the projection: [tokens, dim]."""
    hidden, heads = config["hidden_size"], config["num_attention_heads"]
    head_dim, eps, seq = hidden // heads, config["layer_norm_eps"], len(ids)
    x = (w["bert.embeddings.word_embeddings.weight"][ids] + w["bert.embeddings.position_embeddings.weight"][np.arange(seq)]
         + w["bert.embeddings.token_type_embeddings.weight"][np.zeros(seq, dtype=np.int64)])
    x = layer_norm(x, w["bert.embeddings.LayerNorm.weight"], w["bert.embeddings.LayerNorm.bias"], eps)
    blocked = np.where(np.asarray(mask) == 1, 0.0, -np.inf)  # keys a token may not attend to
    for i in range(config["num_hidden_layers"]):
        p = f"bert.encoder.layer.{i}."

        def dense(v, name):
            return v @ w[p + name + ".weight"] + w[p + name + ".bias"]

        q = dense(x, "attention.self.query").reshape(seq, heads, head_dim).transpose(1, 0, 2)
        k = dense(x, "attention.self.key").reshape(seq, heads, head_dim).transpose(1, 0, 2)
        v = dense(x, "attention.self.value").reshape(seq, heads, head_dim).transpose(1, 0, 2)
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(head_dim) + blocked
        scores = scores - scores.max(axis=-1, keepdims=True)
        probs = np.exp(scores)
        probs = probs / probs.sum(axis=-1, keepdims=True)
        context = (probs @ v).transpose(1, 0, 2).reshape(seq, hidden)
        x = layer_norm(dense(context, "attention.output.dense") + x,
                       w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
        inner = dense(x, "intermediate.dense")
        inner = 0.5 * inner * (1.0 + np.vectorize(math.erf)(inner / math.sqrt(2.0)))
        x = layer_norm(dense(inner, "output.dense") + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
    return x @ w["linear.weight"]


def normalized(rows):
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    model_dir, token_ids_path, output = sys.argv[1:]
    with open(os.path.join(model_dir, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    vocab = vocabulary(model_dir)
    s = settings(model_dir, vocab)
    w = load_weights(model_dir)
    with open(token_ids_path, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]

    def indices(source):
        return [i for i, line in enumerate(lines) if line["source"] == source]

    crafted = indices("crafted")
    query_lines = crafted[:4] + indices("scifact-queries")[:3]
    document_lines = crafted[4:] + indices("scifact-corpus")[:6]

    queries = []
    for line in query_lines:
        text = lines[line]["ids"][: s["query_length"] - 3]
        ids = [vocab[CLS], s["query_marker"]] + text + [vocab[SEP]]
        mask = [1] * len(ids) + [1 if s["attend"] else 0] * (s["query_length"] - len(ids))
        ids += [vocab[MASK]] * (s["query_length"] - len(ids))
        vectors = normalized(token_vectors(w, config, np.array(ids), mask))
        queries.append({"line": line, "input_ids": ids, "attention_mask": mask, "embeddings": vectors})

    documents = []
    for line in document_lines:
        text = lines[line]["ids"][: s["document_length"] - 3]
        ids = [vocab[CLS], s["document_marker"]] + text + [vocab[SEP]]
        kept = [i for i, token in enumerate(ids) if token not in s["skip"]]
        vectors = normalized(token_vectors(w, config, np.array(ids), [1] * len(ids))[kept])
        documents.append({"line": line, "input_ids": ids, "kept": kept, "embeddings": vectors})

    scores = [[float((q["embeddings"] @ d["embeddings"].T).max(axis=1).sum()) if len(d["kept"]) else 0.0
               for d in documents] for q in queries]
    for item in queries + documents:
        item["embeddings"] = [[float(v) for v in row] for row in item["embeddings"]]
    with open(output, "w", encoding="utf-8", newline="\n") as f:
        json.dump({"queries": queries, "documents": documents, "scores": scores}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
