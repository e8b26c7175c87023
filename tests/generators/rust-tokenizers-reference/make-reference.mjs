// Token ids from Hugging Face's Rust tokenizers library (tokenizers crate 0.22.2, Node binding @anush008/tokenizers
// 0.6.0: the code users' Python pipelines run) for the C# tokenizers' code-point tests: crafted texts with characters
// outside the 16-bit range and elsewhere at the edges of the library's Unicode tables, and seeded random texts
// (random-text.mjs). Both the BERT WordPiece tokenizer of the generated test models and Qwen3's byte-level BPE.
//
// Usage (from this folder; the BERT tokenizer.json is written by tests/TestModels/generate-test-models.sh, which the
// first C# test run calls):
//   npm ci && node make-reference.mjs [--seeds 1,2,3 | --seeds 1-50] [--cases 200] [--out FILE]
//       [--bert DIR] [--qwen3 DIR]
// Defaults: seeds 1,2,3, 200 cases per seed, out = ../../LuceneRerank.Tests/Text/TestData/rust-tokenizers-reference.jsonl
// Each line: {"tokenizer": "bert"|"qwen3", "source": "crafted"|"random", "seed"?, "case"?, "text", "ids"}.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import tokenizers from "@anush008/tokenizers";
import { randomTexts } from "./random-text.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const parseSeeds = (s) => s.split(",").flatMap((part) => {
  const [a, b] = part.split("-").map(Number);
  if (!Number.isInteger(a) || (b !== undefined && !Number.isInteger(b))) throw new Error(`--seeds: not a list or range of integers: ${s}`);
  return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
});
const seeds = parseSeeds(args.seeds ?? "1,2,3");
const cases = Number(args.cases ?? 200);
const output = path.resolve(args.out ?? path.join(here, "../../LuceneRerank.Tests/Text/TestData/rust-tokenizers-reference.jsonl"));
const bertDir = path.resolve(args.bert ?? path.join(here, "../../TestModels/generated/xenova-layout-1-label"));
const qwen3Dir = path.resolve(args.qwen3 ?? path.join(here, "../../../../shared/models/qwen3-tokenizer"));

const load = (dir) => {
  const file = path.join(dir, "tokenizer.json");
  if (!fs.existsSync(file)) throw new Error(`${file} not found (BERT: run tests/TestModels/generate-test-models.sh first)`);
  return tokenizers.Tokenizer.fromFile(file);
};
const all = { bert: load(bertDir), qwen3: load(qwen3Dir) };

const crafted = [
  "𝛼-helix", "the 𝛼-helix and 𝛽-sheet of 𝑥 and 𝐀", "𝑥² + 𝑦² = 𝑟²", "∂𝑓/∂𝑥 ≥ 0",
  "emoji 😀 👍🏽 👩‍👩‍👧 🏳️‍🌈 🇫🇷 1️⃣", "rare CJK 𠀀𠀁 𪜀 𫝀 𫠠 𬺡 𰀀 and 中文",
  "range edges \u{2B81F}\u{2B820}\u{2B91F}\u{2B920}\u{2CEAF}\u{2CEB0}",
  "unassigned a\u0378b a\u{E0080}b a\u{10FFFF}b a\u{2FFFE}b", "format a\u0890b a\u{13430}b a\u00ADb a\u200Db a\uFEFFb",
  "new marks e\u{1E4EC} a\u{11F00}", "private use \uE000 \u{F0000} \u{10FFFD}",
  "supplementary punctuation x\u{10100}y x\u{1039F}y x\u{12470}y x\u{16A6E}y x\u{1E95E}y x\u{1F676}y",
  "combining: e\u0301 a\u0308\u0304 n\u0303 Z\u0335\u0321 and café naïve", "İstanbul ΟΔΟΣ ǅ ẞ ß ﬁ K Å",
  "it'ſ IT'S 'LL 'Re don't", "digits 𝟘𝟙𝟚 ١٢٣ Ⅻ ½ 123456", "white\u00A0space\u3000ideographic\u2028line\u0085next\u2003em",
  "\t\n\r\n  trailing   ", "", "   ",
];
const lines = [];
const encode = async (name, text) => Array.from((await all[name].encode(text, null, { addSpecialTokens: false })).getIds());
for (const name of Object.keys(all)) {
  for (const text of crafted) lines.push({ tokenizer: name, source: "crafted", text, ids: await encode(name, text) });
  for (const seed of seeds) {
    const texts = randomTexts(seed, cases);
    for (let i = 0; i < texts.length; i++) {
      lines.push({ tokenizer: name, source: "random", seed, case: i, text: texts[i], ids: await encode(name, texts[i]) });
    }
  }
}
fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
console.log(`wrote ${lines.length} texts (${crafted.length} crafted and ${seeds.length} seeds x ${cases} random, per tokenizer ${Object.keys(all).join(", ")}) to ${output}`);
