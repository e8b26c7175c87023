#!/usr/bin/python3
"""Trains small SentencePiece models with non-default normalisation and writes the python library's token ids.

Usage: /usr/bin/python3 make_models.py OUTPUT_DIR SCIFACT_DIR

Run by the C# tests (tests/LuceneRerank.Tests/Text/SentencePieceNormalizationParityTests.cs) into a temporary folder;
nothing here is committed. Writes OUTPUT_DIR/<name>.model for each model type (unigram, bpe) and normaliser setting
below, trained with Debian's python3-sentencepiece on the first SciFact passages (one thread, fixed seed), and
OUTPUT_DIR/reference.json: {"models": [{"name", "type", "settings"}], "texts": [...], "ids": {name: [[id, ...], ...]}}
where ids are sentencepiece's own encode(text) (no BOS/EOS), the independent reference the C# tokenizers must equal.
Texts: crafted edge cases (one-character texts, full-width and ligature characters, tabs and newlines, repeated,
leading and trailing spaces, characters outside the 16-bit range, combining marks, unknown characters) and SciFact
queries and passages.
"""
import io
import json
import os
import sys

import sentencepiece as spm

SETTINGS = {
    "nmt_nfkc": {},
    "nfkc": {"normalization_rule_name": "nfkc"},
    "nmt_nfkc_cf": {"normalization_rule_name": "nmt_nfkc_cf"},
    "identity": {"normalization_rule_name": "identity"},
    "keep_extra_whitespaces": {"remove_extra_whitespaces": False},
    "no_dummy_prefix": {"add_dummy_prefix": False},
    "whitespace_suffix": {"treat_whitespace_as_suffix": True},
}

CRAFTED = [
    "", " ", "a", "Z", "7", ".", "é", "ß", "ﬁ", "Ａ", "𝔸", "😀", "\t", "ﬁnding ＡＢＣ", "ﬁnding\tＡＢＣ",
    "tab\tseparated\tvalues", "new\nline", "  leading and trailing  ", "double  space and   triple",
    " \t mixed \t whitespace \t ", "ＦＵＬＬ－ＷＩＤＴＨ　ｔｅｘｔ　１２３", "ligatures: ﬀ ﬂ ﬃ ﬄ ﬅ ﬆ", "Ⅻ ⅷ ½ ¾ ² ³ ㎏ ㎞",
    "𝔸𝔹ℂ 𝐁𝐨𝐥𝐝 𝑖𝑡𝑎𝑙𝑖𝑐", "emoji 😀 and 🧬 DNA", "CJK 𠀀𠀁 extension B", "café vs cafe\u0301", "İstanbul ǅ Ǆ",
    "no\u00a0break\u00a0space", "ideographic\u3000space", "zero\u200bwidth", "ﾊﾝｶｸ ｶﾀｶﾅ", "Ω Å K µ",
    "IL-6 and TNF-α levels (p < 0.05)", "β-catenin/TCF", "x", "ab", "a b", "A.", "\u2581", "▁▁ already escaped",
]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out, scifact = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    corpus, queries = [], []
    with open(os.path.join(scifact, "corpus.jsonl"), encoding="utf-8") as f:
        for line in f:
            corpus.append(json.loads(line))
            if len(corpus) >= 600:
                break
    with open(os.path.join(scifact, "queries.jsonl"), encoding="utf-8") as f:
        for line in f:
            queries.append(json.loads(line)["text"])
            if len(queries) >= 120:
                break
    training = [d["title"] for d in corpus] + [d["text"] for d in corpus] + CRAFTED[13:]
    texts = CRAFTED + queries + [(d["title"] + " " + d["text"])[:400] for d in corpus[:80]]
    models, ids = [], {}
    for model_type in ("unigram", "bpe"):
        for setting, extra in SETTINGS.items():
            name = f"{model_type}-{setting}"
            buffer = io.BytesIO()
            spm.SentencePieceTrainer.train(
                sentence_iterator=iter(training), model_writer=buffer, model_type=model_type, vocab_size=1200,
                num_threads=1, seed_sentencepiece_size=100000, shuffle_input_sentence=False, minloglevel=2, **extra)
            data = buffer.getvalue()
            with open(os.path.join(out, name + ".model"), "wb") as f:
                f.write(data)
            sp = spm.SentencePieceProcessor(model_proto=data)
            models.append({"name": name, "type": model_type, "settings": setting})
            ids[name] = [sp.encode(t) for t in texts]
    with open(os.path.join(out, "reference.json"), "w", encoding="utf-8") as f:
        json.dump({"models": models, "texts": texts, "ids": ids}, f, ensure_ascii=False)
    print(f"wrote {len(models)} models and ids for {len(texts)} texts to {out}")


if __name__ == "__main__":
    main()
