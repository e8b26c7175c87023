#!/usr/bin/python3
"""Writes small ColBERT models with random weights and the real BERT vocabulary, in the two published layouts.

A ColBERT model is BERT's last hidden state times a linear projection (no bias) to a few dimensions per token. The
graph comes from bert_onnx_builder (hidden-state output) with the projection appended; the independent check is
reference_colbert.py (numpy, reads the weights back by name). Deterministic: the same arguments give the same files.

    generate_colbert.py --test-set OUT_ROOT    # the unit tests' models: colbertv2-layout and pylate-layout
    generate_colbert.py --out DIR --layers 6 --hidden 384 --heads 12 --intermediate 1536 --dim 128   # MiniLM-sized

Layouts:
  colbertv2 (colbert-ir/colbertv2.0 exported to ONNX): model.onnx at the root (input_ids, attention_mask,
    token_type_ids -> token vectors [batch, tokens, dim], not normalised), vocab.txt, tokenizer_config.json,
    config.json and artifact.metadata (query_token_id [unused0], doc_token_id [unused1], query_maxlen, doc_maxlen,
    mask_punctuation, attend_to_mask_tokens, dim, similarity).
  pylate (answerai-colbert-small-v1 as PyLate exports it): onnx/model.onnx (input_ids, attention_mask -> L2-normalised
    token vectors), tokenizer.json with the added marker tokens "[Q] " and "[D] " (ids after the vocabulary, the word
    embedding grown to hold them), tokenizer_config.json, config.json and config_sentence_transformers.json
    (query_prefix, document_prefix, query_length, document_length, do_query_expansion, attend_to_expansion_tokens,
    skiplist_words).
"""

import argparse
import json
import os
import string
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bert_onnx_builder  # noqa: E402
import hf_files  # noqa: E402

DEFAULT_VOCAB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "models",
                             "bert-base-uncased-vocab", "vocab.txt")
PYLATE_MARKERS = ["[Q] ", "[D] "]


def colbert_graph(weights, projection, *, hidden, heads, layers, with_token_types, normalize):
    """BERT's last hidden state (bert_onnx_builder) followed by MatMul with linear.weight [hidden, dim]; optionally
    divided by its L2 norm per token (as PyLate's ONNX exports do)."""
    model = bert_onnx_builder.build_model(weights, hidden, heads, layers, 1, 1e-12, with_token_types,
                                          output_name="last_hidden_state", hidden_state_output=True)
    graph = model.graph
    graph.initializer.append(numpy_helper.from_array(projection, "linear.weight"))
    out = "token_embeddings"
    if normalize:
        graph.node.append(helper.make_node("MatMul", ["last_hidden_state", "linear.weight"], ["projected"]))
        graph.node.append(helper.make_node("ReduceL2", ["projected"], ["projected_norm"], axes=[-1], keepdims=1))
        graph.node.append(helper.make_node("Div", ["projected", "projected_norm"], [out]))
    else:
        graph.node.append(helper.make_node("MatMul", ["last_hidden_state", "linear.weight"], [out]))
    del graph.output[:]
    graph.output.append(helper.make_tensor_value_info(out, TensorProto.FLOAT, ["batch_size", "sequence_length", projection.shape[1]]))
    onnx.checker.check_model(model)
    return model


def generate(out, vocab_path, *, layout, seed, layers, hidden, heads, intermediate, dim, query_length, document_length,
             attend_to_expansion, max_position=512):
    tokens = hf_files.read_vocab(vocab_path)
    rows = len(tokens) + (len(PYLATE_MARKERS) if layout == "pylate" else 0)
    rng = np.random.default_rng(seed)
    weights = bert_onnx_builder.random_weights(rng, rows, hidden, layers, intermediate, 1, 2, max_position)
    projection = (rng.standard_normal((hidden, dim)) / np.sqrt(hidden)).astype(np.float32)
    pylate = layout == "pylate"
    model = colbert_graph(weights, projection, hidden=hidden, heads=heads, layers=layers,
                          with_token_types=not pylate, normalize=pylate)
    model_path = os.path.join(out, "onnx", "model.onnx") if pylate else os.path.join(out, "model.onnx")
    os.makedirs(os.path.dirname(model_path), exist_ok=True)
    with open(model_path, "wb") as f:
        f.write(model.SerializeToString())
    hf_files.write_config(out, rows, hidden, layers, heads, intermediate, 1, max_position, 2, 1e-12)
    hf_files.write_tokenizer_config(out, max_position)
    with open(os.path.join(out, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    # As published: colbertv2.0's config.json names HF_ColBERT, PyLate's the bare BertModel.
    config["architectures"] = ["BertModel"] if pylate else ["HF_ColBERT"]
    config["_name_or_path"] = "lucenerank-test/random-colbert"
    config.pop("id2label")
    config.pop("label2id")
    write_json(os.path.join(out, "config.json"), config)
    if pylate:
        tokenizer = hf_files.tokenizer_json(tokens)
        for offset, marker in enumerate(PYLATE_MARKERS):
            tokenizer["added_tokens"].append({"id": len(tokens) + offset, "content": marker, "single_word": False,
                                              "lstrip": False, "rstrip": False, "normalized": False, "special": True})
        write_json(os.path.join(out, "tokenizer.json"), tokenizer)
        write_json(os.path.join(out, "config_sentence_transformers.json"), {
            "__version__": {"sentence_transformers": "3.0.1", "pylate": "1.1.4"},
            "prompts": {}, "default_prompt_name": None, "similarity_fn_name": "MaxSim",
            "query_prefix": PYLATE_MARKERS[0], "document_prefix": PYLATE_MARKERS[1],
            "query_length": query_length, "document_length": document_length,
            "do_query_expansion": True, "attend_to_expansion_tokens": attend_to_expansion,
            "skiplist_words": list(string.punctuation),
        })
    else:
        hf_files.write_vocab_txt(out, tokens)
        write_json(os.path.join(out, "artifact.metadata"), {
            "query_token_id": "[unused0]", "doc_token_id": "[unused1]", "query_token": "[Q]", "doc_token": "[D]",
            "query_maxlen": query_length, "doc_maxlen": document_length, "dim": dim, "similarity": "cosine",
            "mask_punctuation": True, "attend_to_mask_tokens": attend_to_expansion, "interaction": "colbert",
            "checkpoint": "lucenerank-test/random-colbert",
        })


def write_json(path, value):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(value, f, ensure_ascii=False, indent=2)
        f.write("\n")


def generate_test_set(root, vocab_path):
    small = dict(layers=2, hidden=32, heads=2, intermediate=64, dim=16, max_position=128)
    generate(os.path.join(root, "colbertv2-layout"), vocab_path, layout="colbertv2", seed=41, query_length=32,
             document_length=64, attend_to_expansion=False, **small)
    generate(os.path.join(root, "pylate-layout"), vocab_path, layout="pylate", seed=42, query_length=24,
             document_length=48, attend_to_expansion=True, **small)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vocab", default=DEFAULT_VOCAB)
    parser.add_argument("--test-set", metavar="ROOT")
    parser.add_argument("--out")
    parser.add_argument("--layout", choices=["colbertv2", "pylate"], default="pylate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--hidden", type=int, default=384)
    parser.add_argument("--heads", type=int, default=12)
    parser.add_argument("--intermediate", type=int, default=1536)
    parser.add_argument("--dim", type=int, default=128)
    parser.add_argument("--query-length", type=int, default=32)
    parser.add_argument("--document-length", type=int, default=180)
    args = parser.parse_args()
    if not os.path.isfile(args.vocab):
        parser.error(f"vocabulary not found: {args.vocab}")
    if args.test_set:
        generate_test_set(args.test_set, args.vocab)
    elif args.out:
        generate(args.out, args.vocab, layout=args.layout, seed=args.seed, layers=args.layers, hidden=args.hidden,
                 heads=args.heads, intermediate=args.intermediate, dim=args.dim, query_length=args.query_length,
                 document_length=args.document_length, attend_to_expansion=False)
    else:
        parser.error("give --test-set ROOT or --out DIR")


if __name__ == "__main__":
    main()
