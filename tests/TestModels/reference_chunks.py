#!/usr/bin/python3
"""Numpy reference logits for cross-encoder chunking of long passages, for the C# chunking parity test.

For pairs of reference lines (a query, a long passage), cuts the passage's token ids into chunks by the documented
rules of LuceneRerank.Reranking.PassageChunking, written here again on plain lists: the room is max_length less the
special tokens less the query; size = min(chunk size or the room, room); stride = min(stride or ceil(size / 2), size);
a passage of at most `size` tokens is one chunk; otherwise chunk k is [k * stride, min(k * stride + size, n)) until a
chunk reaches the passage's end or `cap` chunks are made. Each chunk is scored as its own pair, (query, chunk), by
reference_forward.py's numpy forward pass (no ONNX Runtime). The C# test combines the chunk logits by max, first and
mean of the top k and compares with the reranker.

    reference_chunks.py MODEL_DIR TOKEN_IDS.jsonl MAX_LENGTH OUTPUT.json
"""

import json
import os
import sys

import numpy as np

from reference_forward import forward, load_weights, make_pair

# (name, chunk size or None for the room beside the query, stride or None for half the size, chunk cap)
CONFIGS = [
    ("default", None, None, 16),
    ("size-40-stride-40", 40, 40, 16),
    ("size-50-stride-17-cap-4", 50, 17, 4),
]


def chunk_spans(n, size, stride, cap):
    if n <= size or size == 0:
        return [(0, min(n, size))]
    spans = []
    start = 0
    while len(spans) < cap:
        end = min(start + size, n)
        spans.append((start, end))
        if end == n:
            break
        start += stride
    return spans


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    model_dir, token_ids_path, max_length, output = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    with open(os.path.join(model_dir, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    weights, graph_inputs = load_weights(model_dir)
    with open(token_ids_path, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]
    roberta = config["model_type"] == "xlm-roberta"
    specials = 4 if roberta else 3

    def indices(source):
        return [i for i, line in enumerate(lines) if line["source"] == source]

    queries = indices("scifact-queries")[:2]
    passages = indices("scifact-corpus")[:5]
    pairs = [(q, p) for q in queries for p in passages]
    crafted = indices("crafted")
    # One short crafted query with every crafted passage: short passages (one chunk) and, for XLM-R, long ones.
    pairs += [(crafted[0], p) for p in crafted[1:]]

    results = []
    for name, chunk_size, chunk_stride, cap in CONFIGS:
        for q, p in pairs:
            query_ids, passage_ids = lines[q]["ids"], lines[p]["ids"]
            room = max_length - specials - len(query_ids)
            size = min(chunk_size if chunk_size is not None else room, room)
            stride = min(chunk_stride if chunk_stride is not None else (size + 1) // 2, size)
            chunks = []
            for start, end in chunk_spans(len(passage_ids), size, stride, cap):
                ids, types = make_pair(query_ids, passage_ids[start:end], max_length, roberta)
                if "token_type_ids" not in graph_inputs:
                    types = [0] * len(ids)
                logits = forward(weights, config, np.array(ids), np.array(types))
                chunks.append({"start": start, "end": end, "logits": [float(v) for v in logits]})
            results.append({"config": name, "chunk_size": chunk_size, "chunk_stride": chunk_stride, "cap": cap,
                            "query_line": q, "passage_line": p, "passage_tokens": len(passage_ids), "chunks": chunks})
    with open(output, "w", encoding="utf-8", newline="\n") as f:
        json.dump({"max_length": max_length, "pairs": results}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
