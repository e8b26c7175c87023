#!/usr/bin/python3
"""Writes small BERT cross-encoders with random weights, laid out like a Hugging Face download.

Deterministic: the same arguments give byte-identical files. Run with Debian's /usr/bin/python3 (numpy, onnx).

    generate_cross_encoder.py --test-set OUT_ROOT        # the models the unit tests use (a few MB each)
    generate_cross_encoder.py --out DIR --layers 6 --hidden 384 --heads 12 --intermediate 1536   # one model
"""

import argparse
import json
import os
import shutil
import sys

import numpy as np
import onnx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bert_onnx_builder  # noqa: E402
import fp16_variant  # noqa: E402
import hf_files  # noqa: E402

DEFAULT_VOCAB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "models",
                             "bert-base-uncased-vocab", "vocab.txt")


def generate(out, vocab_path, *, seed, layers, hidden, heads, intermediate, labels=1, with_token_types=True,
             tokenizer_files=("tokenizer.json",), model_path="onnx/model.onnx", model_max_length=512,
             max_position=512, embedding_rows=None, input_names=None, output_name="logits",
             hidden_state_output=False, fp16_path=None):
    tokens = hf_files.read_vocab(vocab_path)
    vocab_size = embedding_rows or len(tokens)
    rng = np.random.default_rng(seed)
    eps = 1e-12
    weights = bert_onnx_builder.random_weights(rng, vocab_size, hidden, layers, intermediate, labels, 2, max_position)
    kwargs = {}
    if input_names:
        kwargs["input_names"] = input_names
    model = bert_onnx_builder.build_model(weights, hidden, heads, layers, labels, eps, with_token_types,
                                          output_name=output_name, hidden_state_output=hidden_state_output, **kwargs)
    onnx.checker.check_model(model)
    full_model_path = os.path.join(out, model_path)
    os.makedirs(os.path.dirname(full_model_path), exist_ok=True)
    with open(full_model_path, "wb") as f:
        f.write(model.SerializeToString())
    if fp16_path:
        half = fp16_variant.to_fp16(model)
        onnx.checker.check_model(half)
        with open(os.path.join(out, fp16_path), "wb") as f:
            f.write(half.SerializeToString())
    hf_files.write_config(out, vocab_size, hidden, layers, heads, intermediate, labels, max_position, 2, eps)
    hf_files.write_tokenizer_config(out, model_max_length)
    if "vocab.txt" in tokenizer_files:
        hf_files.write_vocab_txt(out, tokens)
    if "tokenizer.json" in tokenizer_files:
        hf_files.write_tokenizer_json(out, tokens)


XLMR_TOKENIZER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "XlmR")


def generate_xlm_roberta(out, *, seed, layers, hidden, heads, intermediate, labels=1, model_max_length=128,
                         tokenizer_files=("tokenizer.json",)):
    """An XLMRobertaForSequenceClassification cross-encoder in the layout of Xenova/bge-reranker-base (onnx/model.onnx
    with input_ids + attention_mask, logits [batch, labels]) with the committed tiny SentencePiece tokenizer of XlmR/."""
    with open(os.path.join(XLMR_TOKENIZER, "tokenizer.json"), encoding="utf-8") as f:
        vocab_size = len(json.load(f)["model"]["vocab"])
    max_position = model_max_length + 2  # RoBERTa: positions start at padding_idx + 1 = 2
    rng = np.random.default_rng(seed)
    eps = 1e-5
    weights = bert_onnx_builder.random_weights(rng, vocab_size, hidden, layers, intermediate, labels, 1, max_position,
                                               roberta=True)
    model = bert_onnx_builder.build_model(weights, hidden, heads, layers, labels, eps, False, roberta=True)
    onnx.checker.check_model(model)
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    with open(os.path.join(out, "onnx", "model.onnx"), "wb") as f:
        f.write(model.SerializeToString())
    hf_files.write_config(out, vocab_size, hidden, layers, heads, intermediate, labels, max_position, 1, eps, roberta=True)
    hf_files.write_xlm_roberta_tokenizer_config(out, model_max_length)
    for name in tokenizer_files:
        shutil.copyfile(os.path.join(XLMR_TOKENIZER, name), os.path.join(out, name))


def generate_test_set(root, vocab_path):
    """The unit tests' models. Small (hidden 32, 2 layers) but with the real vocabulary and signature."""
    small = dict(layers=2, hidden=32, heads=2, intermediate=64, model_max_length=128)
    tiny = dict(layers=1, hidden=8, heads=2, intermediate=16)
    # Xenova/ms-marco-MiniLM-L-6-v2 layout: tokenizer.json only, onnx/model.onnx, logits [batch, 1].
    # With onnx/model_fp16.onnx beside it (float16 weights and logits), as Xenova's exports ship.
    generate(os.path.join(root, "xenova-layout-1-label"), vocab_path, seed=11, fp16_path="onnx/model_fp16.onnx", **small)
    # cross-encoder/* layout with vocab.txt, model.onnx at the root, two classes.
    generate(os.path.join(root, "vocab-txt-2-labels"), vocab_path, seed=12, labels=2, tokenizer_files=("vocab.txt",),
             model_path="model.onnx", **small)
    # A model without a token_type_ids input (like DistilBERT-style exports).
    generate(os.path.join(root, "no-token-type-ids"), vocab_path, seed=13, with_token_types=False,
             tokenizer_files=("vocab.txt",), **small)
    # Not cross-encoders: the reranker must refuse them with a clear message.
    generate(os.path.join(root, "bad-no-attention-mask"), vocab_path, seed=21,
             input_names=("input_ids", "input_mask", "token_type_ids"), **tiny)
    generate(os.path.join(root, "bad-hidden-state-output"), vocab_path, seed=22, output_name="last_hidden_state",
             hidden_state_output=True, **tiny)
    # A vocabulary larger than the model's word embedding (config.json says so too).
    generate(os.path.join(root, "bad-vocab-mismatch"), vocab_path, seed=23, embedding_rows=1000, **tiny)
    # XLM-RoBERTa (bge-reranker-base layout), tiny SentencePiece Unigram vocabulary, max length 128.
    generate_xlm_roberta(os.path.join(root, "xlm-roberta-1-label"), seed=31, layers=2, hidden=32, heads=2, intermediate=64)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vocab", default=DEFAULT_VOCAB, help="WordPiece vocab.txt (default: ../shared's BERT vocab)")
    parser.add_argument("--test-set", metavar="ROOT", help="write the unit tests' models under ROOT")
    parser.add_argument("--out", help="write one model into this directory")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--heads", type=int, default=2)
    parser.add_argument("--intermediate", type=int, default=64)
    parser.add_argument("--labels", type=int, default=1)
    parser.add_argument("--model-max-length", type=int, default=512)
    parser.add_argument("--fp16", action="store_true", help="also write onnx/model_fp16.onnx (float16 weights and logits)")
    args = parser.parse_args()
    if not os.path.isfile(args.vocab):
        parser.error(f"vocabulary not found: {args.vocab}")
    if args.test_set:
        generate_test_set(args.test_set, args.vocab)
    elif args.out:
        generate(args.out, args.vocab, seed=args.seed, layers=args.layers, hidden=args.hidden, heads=args.heads,
                 intermediate=args.intermediate, labels=args.labels, model_max_length=args.model_max_length,
                 fp16_path="onnx/model_fp16.onnx" if args.fp16 else None)
    else:
        parser.error("give --test-set ROOT or --out DIR")


if __name__ == "__main__":
    main()
