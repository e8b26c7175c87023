#!/usr/bin/python3
"""Writes the tiny XLM-RoBERTa tokenizer of the unit tests and its reference token ids (committed outputs).

1. Trains a small SentencePiece Unigram model on SciFact text with the python sentencepiece library (Debian's
   python3-sentencepiece), laid out like XLM-R's sentencepiece.bpe.model (<unk>=0, <s>=1, </s>=2, no pad piece,
   nmt_nfkc normalisation): sentencepiece.bpe.model.
2. Writes the Hugging Face tokenizer.json that transformers' XLM-R converter makes from such a model: a Unigram model
   whose vocabulary is <s>=0, <pad>=1, </s>=2, <unk>=3, then the SentencePiece pieces from id 3 on (fairseq's offset:
   id = spm id + 1), then <mask>; Precompiled + Replace normalizer, Metaspace pre-tokenizer, and the
   "<s> $A </s> </s> $B </s>" post-processor template. Written here from the .model, not with the tokenizers library.
3. Writes reference-ids.jsonl: for SciFact passages (title + " " + text), queries and crafted texts, the ids the python
   sentencepiece library gives (an implementation independent of Microsoft.ML.Tokenizers), mapped with fairseq's
   offset, no special tokens. Crafted texts are written inline; SciFact texts (CC BY-NC) are never written, only named:
   {"source": "scifact-corpus"|"scifact-queries", "id", "field": "title+text"|"text", "sha256", "ids"}.

    make_tokenizer.py [SCIFACT_DIR]     (default ../../../../shared/data/scifact)
"""

import base64
import hashlib
import json
import os
import sys
import tempfile

import sentencepiece as spm
from sentencepiece import sentencepiece_model_pb2 as model_pb2

HERE = os.path.dirname(os.path.abspath(__file__))
VOCAB_SIZE = 2000
PASSAGES = 200
QUERIES = 60
CRAFTED = [
    "", " ", "cancer", "  leading and   inner   spaces  ", "tabs\tand\nline\r\nbreaks",
    "Café naïve résumé Ångström", "ﬁnancial ＦＵＬＬ-width ①②", "p < 0.05 ± 2.3 ≥ 1e-5 % = +",
    "333 3333 33333 1000000", "中文测试 日本語 한국어", "Здравствуйте мир", "emoji 😀 test", "<s> </s> <mask> <pad>",
    "αβγ δ-catenin IL-1β TNF-α", "e.g. i.e. U.S. (n=12)", "x" * 300,
]


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def train(corpus, model_prefix):
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as f:
        for doc in corpus:
            f.write((doc["title"] + " " + doc["text"]).replace("\n", " ") + "\n")
        text_path = f.name
    try:
        spm.SentencePieceTrainer.train(
            input=text_path, model_prefix=model_prefix, model_type="unigram", vocab_size=VOCAB_SIZE,
            character_coverage=0.9995, normalization_rule_name="nmt_nfkc", unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
            num_threads=1, input_sentence_size=0, shuffle_input_sentence=False, seed_sentencepiece_size=200000,
            minloglevel=2)
    finally:
        os.unlink(text_path)


def tokenizer_json(proto):
    vocab = [["<s>", 0.0], ["<pad>", 0.0], ["</s>", 0.0], ["<unk>", 0.0]]
    vocab += [[p.piece, p.score] for p in proto.pieces[3:]]
    vocab += [["<mask>", 0.0]]
    ids = {token: i for i, (token, _) in enumerate(vocab)}

    def added(token, lstrip=False):
        return {"id": ids[token], "content": token, "single_word": False, "lstrip": lstrip, "rstrip": False,
                "normalized": False, "special": True}

    def special(name):
        return {"SpecialToken": {"id": name, "type_id": 0}}

    def sequence(name):
        return {"Sequence": {"id": name, "type_id": 0}}

    charsmap = base64.b64encode(proto.normalizer_spec.precompiled_charsmap).decode("ascii")
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added("<s>"), added("<pad>"), added("</s>"), added("<unk>"), added("<mask>", lstrip=True)],
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Precompiled", "precompiled_charsmap": charsmap},
            {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "},
        ]},
        "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [special("<s>"), sequence("A"), special("</s>")],
            "pair": [special("<s>"), sequence("A"), special("</s>"), special("</s>"), sequence("B"), special("</s>")],
            "special_tokens": {
                "<s>": {"id": "<s>", "ids": [0], "tokens": ["<s>"]},
                "</s>": {"id": "</s>", "ids": [2], "tokens": ["</s>"]},
            },
        },
        "decoder": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "model": {"type": "Unigram", "unk_id": 3, "vocab": vocab, "byte_fallback": False},
    }


def fairseq_ids(processor, text):
    """python sentencepiece ids, moved to XLM-R's (fairseq) numbering: <unk> 0 -> 3, others + 1."""
    return [3 if i == processor.unk_id() else i + 1 for i in processor.encode(text)]


def main():
    scifact = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "..", "shared", "data", "scifact")
    corpus = read_jsonl(os.path.join(scifact, "corpus.jsonl"))
    queries = read_jsonl(os.path.join(scifact, "queries.jsonl"))
    prefix = os.path.join(HERE, "sentencepiece.bpe")
    train(corpus, prefix)
    os.unlink(prefix + ".vocab")
    with open(prefix + ".model", "rb") as f:
        proto = model_pb2.ModelProto()
        proto.ParseFromString(f.read())
    with open(os.path.join(HERE, "tokenizer.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(tokenizer_json(proto), f, ensure_ascii=False)
        f.write("\n")

    processor = spm.SentencePieceProcessor(model_file=prefix + ".model")
    # Every passage with non-ASCII text among the first ones, topped up with ASCII ones, in corpus order.
    texts = [(doc["title"] + " " + doc["text"], "scifact-corpus", doc["_id"], "title+text") for doc in corpus]
    non_ascii = [t for t in texts if any(ord(c) > 127 for c in t[0])][:PASSAGES // 2]
    ascii_only = [t for t in texts if all(ord(c) <= 127 for c in t[0])][:PASSAGES - len(non_ascii)]
    chosen = non_ascii + ascii_only
    chosen += [(q["text"], "scifact-queries", q["_id"], "text") for q in queries[:QUERIES]]
    chosen += [(text, "crafted", str(i), None) for i, text in enumerate(CRAFTED)]
    with open(os.path.join(HERE, "reference-ids.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for text, source, ident, field in chosen:
            if source == "crafted":
                line = {"source": source, "id": ident, "text": text, "ids": fairseq_ids(processor, text)}
            else:
                # SciFact (CC BY-NC) is named, never written: the tests rebuild the text from ../shared.
                line = {"source": source, "id": ident, "field": field,
                        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "ids": fairseq_ids(processor, text)}
            f.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
