"""Writes the non-ONNX files of a Hugging Face BERT cross-encoder download: config.json, tokenizer_config.json,
vocab.txt and/or tokenizer.json (the layout of Xenova/ms-marco-MiniLM-L-6-v2 and cross-encoder/* repositories)."""

import json
import os


def read_vocab(path):
    with open(path, encoding="utf-8") as f:
        tokens = [line.rstrip("\n") for line in f]
    while tokens and tokens[-1] == "":
        tokens.pop()
    return tokens


def write_config(out, vocab_size, hidden, layers, heads, intermediate, labels, max_position, type_vocab_size, eps):
    config = {
        "_name_or_path": "lucenerank-test/random-bert-cross-encoder",
        "architectures": ["BertForSequenceClassification"],
        "hidden_act": "gelu",
        "hidden_size": hidden,
        "id2label": {str(i): f"LABEL_{i}" for i in range(labels)},
        "label2id": {f"LABEL_{i}": i for i in range(labels)},
        "intermediate_size": intermediate,
        "layer_norm_eps": eps,
        "max_position_embeddings": max_position,
        "model_type": "bert",
        "num_attention_heads": heads,
        "num_hidden_layers": layers,
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "type_vocab_size": type_vocab_size,
        "vocab_size": vocab_size,
    }
    _write_json(os.path.join(out, "config.json"), config)


def write_tokenizer_config(out, model_max_length, do_lower_case=True):
    config = {
        "do_lower_case": do_lower_case,
        "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]",
        "tokenize_chinese_chars": True,
        "strip_accents": None,
        "model_max_length": model_max_length,
        "tokenizer_class": "BertTokenizer",
    }
    _write_json(os.path.join(out, "tokenizer_config.json"), config)


def write_vocab_txt(out, tokens):
    with open(os.path.join(out, "vocab.txt"), "w", encoding="utf-8", newline="\n") as f:
        for token in tokens:
            f.write(token + "\n")


def tokenizer_json(tokens, lowercase=True):
    """The tokenizer.json that the Hugging Face tokenizers library saves for bert-base-uncased."""
    index = {token: i for i, token in enumerate(tokens)}
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    added = [{"id": index[s], "content": s, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for s in specials]

    def special(name, type_id):
        return {"SpecialToken": {"id": name, "type_id": type_id}}

    def sequence(name, type_id):
        return {"Sequence": {"id": name, "type_id": type_id}}

    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": lowercase},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0)],
            "pair": [special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0), sequence("B", 1), special("[SEP]", 1)],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [index["[CLS]"]], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [index["[SEP]"]], "tokens": ["[SEP]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": index},
    }


def write_tokenizer_json(out, tokens):
    _write_json(os.path.join(out, "tokenizer.json"), tokenizer_json(tokens))


def _write_json(path, value):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(value, f, ensure_ascii=False, indent=2)
        f.write("\n")
