// How far the two JavaScript references used elsewhere in the tests (Hugging Face tokenizers.js for BERT WordPiece,
// @lenml/tokenizers for Qwen3) agree with the Rust library on the code-point texts of make-reference.mjs. Both use
// code-point ("u" flag) regexes, but tokenizers.js takes BERT's CJK ranges from the Python code (0x2B820, not the Rust
// library's 0x2B920) and JavaScript's current Unicode categories, and JavaScript's \s includes U+FEFF, so neither is a
// valid reference for these characters; the SciFact and crafted texts they were made for agree.
//
// Usage (from this folder):  npm ci && node compare-js-references.mjs [reference.jsonl] [bert dir] [qwen3 dir]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Tokenizer } from "@huggingface/tokenizers";
import { TokenizerLoader } from "@lenml/tokenizers";

const here = path.dirname(fileURLToPath(import.meta.url));
const [referenceFile, bertDir, qwen3Dir] = [
  process.argv[2] ?? path.join(here, "../../LuceneRerank.Tests/Text/TestData/rust-tokenizers-reference.jsonl"),
  process.argv[3] ?? path.join(here, "../../TestModels/generated/xenova-layout-1-label"),
  process.argv[4] ?? path.join(here, "../../../../shared/models/qwen3-tokenizer"),
];
const json = (dir, name) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
const bert = new Tokenizer(json(bertDir, "tokenizer.json"), json(bertDir, "tokenizer_config.json"));
const qwen3 = TokenizerLoader.fromPreTrained({ tokenizerJSON: json(qwen3Dir, "tokenizer.json"), tokenizerConfig: json(qwen3Dir, "tokenizer_config.json") });
const encode = {
  bert: (text) => bert.encode(text, { add_special_tokens: false }).ids,
  qwen3: (text) => Array.from(qwen3.encode(text, { add_special_tokens: false })),
};
const counts = {};
for (const line of fs.readFileSync(referenceFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l))) {
  const key = `${line.tokenizer} ${line.source}`;
  counts[key] ??= { texts: 0, differFromRust: 0, firstDifference: null };
  counts[key].texts++;
  if (JSON.stringify(encode[line.tokenizer](line.text)) !== JSON.stringify(line.ids)) {
    counts[key].differFromRust++;
    counts[key].firstDifference ??= JSON.stringify(line.text);
  }
}
console.log(counts);
