// Writes token ids produced by an independent WordPiece implementation (Hugging Face tokenizers.js) for SciFact
// passages and queries and for crafted edge cases, so that LuceneRerank's C# tokenizer can be compared with it.
//
//   cd tests/TestModels/tokenizer-reference && npm install && \
//   node make_token_ids.mjs <dir with tokenizer.json + tokenizer_config.json> <scifact dir> <output .jsonl>
//
// The tokenizer directory is one written by ../generate_cross_encoder.py from ../shared's bert-base-uncased vocab.
// SciFact texts are not copied into the output: lines name the document/query id and the SHA-256 of the text.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";

const [tokenizerDir, scifactDir, output] = process.argv.slice(2);
if (!output) {
    console.error("usage: node make_token_ids.mjs TOKENIZER_DIR SCIFACT_DIR OUTPUT.jsonl");
    process.exit(2);
}

const tokenizer = new Tokenizer(
    JSON.parse(readFileSync(join(tokenizerDir, "tokenizer.json"), "utf8")),
    JSON.parse(readFileSync(join(tokenizerDir, "tokenizer_config.json"), "utf8")));
const sha256 = (text) => createHash("sha256").update(text, "utf8").digest("hex");
const ids = (text) => tokenizer.encode(text, { add_special_tokens: false }).ids;
const readJsonl = (path) => readFileSync(path, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
const nonAscii = /[^\x00-\x7f]/;

// Passages: title + " " + text (how the rescorer joins the two stored fields), the first 150 documents and then
// 60 more that contain non-ASCII characters (accents, Greek letters, symbols).
const corpus = readJsonl(join(scifactDir, "corpus.jsonl"));
const passages = [];
for (const doc of corpus) {
    const text = `${doc.title} ${doc.text}`;
    if (passages.length < 150 || (passages.length < 210 && nonAscii.test(text))) {
        passages.push({ id: doc._id, text });
    }
    if (passages.length >= 210) break;
}
const queries = readJsonl(join(scifactDir, "queries.jsonl"));
const chosenQueries = queries.slice(0, 60).concat(queries.slice(60).filter((q) => nonAscii.test(q.text)).slice(0, 20));

const lines = [];
for (const p of passages) {
    lines.push({ source: "scifact-corpus", id: p.id, field: "title+text", sha256: sha256(p.text), ids: ids(p.text) });
}
for (const q of chosenQueries) {
    lines.push({ source: "scifact-queries", id: q._id, field: "text", sha256: sha256(q.text), ids: ids(q.text) });
}
const crafted = JSON.parse(readFileSync(new URL("./crafted-texts.json", import.meta.url), "utf8"));
for (const text of crafted.queries.concat(crafted.passages)) {
    lines.push({ source: "crafted", text, ids: ids(text) });
}
// Pairs with special tokens and token types, as the library's own post-processor builds them (no truncation).
for (const query of crafted.queries) {
    for (const passage of crafted.passages.slice(0, 4)) {
        const e = tokenizer.encode(query, { text_pair: passage, return_token_type_ids: true });
        lines.push({ source: "crafted-pair", query, passage, ids: e.ids, token_type_ids: e.token_type_ids });
    }
}
writeFileSync(output, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
console.log(`wrote ${lines.length} lines (${passages.length} passages, ${chosenQueries.length} queries) to ${output}`);
