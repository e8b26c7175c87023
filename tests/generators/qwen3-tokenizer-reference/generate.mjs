// Writes reference Qwen3 token ids for the C# tokenizer parity test (Qwen3TokenizerParityTests).
// The ids come from an independent implementation: @lenml/tokenizers (a JavaScript port of Hugging Face's
// tokenizers) loaded with the tokenizer.json / tokenizer_config.json in ../shared/models/qwen3-tokenizer.
//
// Usage (from this folder):  npm install && node generate.mjs [shared-folder] [output-file]
// Defaults: shared = ../../../../shared, output = ../../LuceneRerank.Tests/Text/TestData/qwen3-reference-ids.jsonl
//
// Texts (each line of the output is {"source", "id"?, "text"?, "ids"}):
//  - "query":   SciFact queries, text = the query's "text" field, first 300 in file order plus every non-ASCII one;
//  - "passage": SciFact corpus documents, text = title + "\n" + text, first 250 in file order plus the first 150 other
//               documents that contain non-ASCII characters;
//  - "literal": hand-written strings (chat-template pieces with special tokens, other scripts, emoji, whitespace runs),
//               stored with their text.
// Queries and passages are stored by id only (the test reads the texts from ../shared) to keep the file small.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TokenizerLoader } from "@lenml/tokenizers";

const here = path.dirname(fileURLToPath(import.meta.url));
const shared = path.resolve(process.argv[2] ?? path.join(here, "../../../../shared"));
const output = path.resolve(process.argv[3] ?? path.join(here, "../../LuceneRerank.Tests/Text/TestData/qwen3-reference-ids.jsonl"));
const tokenizerDir = path.join(shared, "models/qwen3-tokenizer");

const tokenizer = TokenizerLoader.fromPreTrained({
  tokenizerJSON: JSON.parse(fs.readFileSync(path.join(tokenizerDir, "tokenizer.json"), "utf8")),
  tokenizerConfig: JSON.parse(fs.readFileSync(path.join(tokenizerDir, "tokenizer_config.json"), "utf8")),
});
const encode = (text) => Array.from(tokenizer.encode(text, { add_special_tokens: false }));

const readJsonl = (file) =>
  fs.readFileSync(file, "utf8").split("\n").filter((line) => line.trim().length > 0).map((line) => JSON.parse(line));
const nonAscii = (text) => /[^\x00-\x7f]/.test(text);

const lines = [];
const queries = readJsonl(path.join(shared, "data/scifact/queries.jsonl"));
queries.forEach((q, i) => {
  if (i < 300 || nonAscii(q.text)) lines.push({ source: "query", id: q._id, ids: encode(q.text) });
});

const corpus = readJsonl(path.join(shared, "data/scifact/corpus.jsonl"));
let extraNonAscii = 0;
corpus.forEach((d, i) => {
  const text = d.title + "\n" + d.text;
  if (i < 250) {
    lines.push({ source: "passage", id: d._id, ids: encode(text) });
  } else if (extraNonAscii < 150 && nonAscii(text)) {
    extraNonAscii++;
    lines.push({ source: "passage", id: d._id, ids: encode(text) });
  }
});

const literals = [
  "<|im_start|>system\nJudge whether the Document meets the requirements based on the Query and the Instruct provided. Note that the answer can only be \"yes\" or \"no\".<|im_end|>\n<|im_start|>user\n",
  "<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n",
  "<Instruct>: Given a web search query, retrieve relevant passages that answer the query\n<Query>: what is p53?\n<Document>: p53 is a tumour suppressor.",
  "yes", "no", " yes", " no", "Yes", "No",
  "Passage: Aspirin lowers fever.\nPlease write a question based on this passage.\nQuestion:",
  "Ünïcödé naïve café — “quotes” ‘single’ … 50 µg/mL at 37 °C, β-catenin, α7 nAChR, Δψm, ≥ 2×10⁻³",
  "中文分词测试：肿瘤抑制基因。日本語のテキスト。한국어 문장.",
  "Emoji 🧬🔬 and astral 𝛼𝛽 math letters 𝑥²",
  "Tabs\tand   multiple   spaces\n\n\nnew lines\r\n and trailing   ",
  "don't it's we're they've I'm you'll he'd DON'T IT'S",
  "12345 3.14159 1,000,000 -42 x^2",
  "<think>reasoning</think> <|endoftext|> <|fim_prefix|>code<|fim_suffix|>",
];
for (const text of literals) lines.push({ source: "literal", text, ids: encode(text) });

fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
const counts = lines.reduce((acc, l) => ((acc[l.source] = (acc[l.source] ?? 0) + 1), acc), {});
console.log(`wrote ${lines.length} texts to ${output}:`, counts);
