// Seeded random Unicode text for the tokenizer tests: words and pieces from every plane (ASCII, accented Latin,
// combining marks, Greek, Cyrillic, Arabic, CJK of the BMP and extensions B to G around the library's range edges,
// math alphanumerics, emoji with skin tones, ZWJ sequences and flags, white space of all kinds, control, format,
// private-use and unassigned code points, punctuation outside the 16-bit range, other digits, contractions, special
// tokens), and uniformly drawn scalar values. Lone surrogates are left out: the reference only sees UTF-8 text
// (the C# tests check them separately). The same seed always gives the same texts.

/** mulberry32: a small, fast, well-mixed 32-bit generator. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cp = (n) => String.fromCodePoint(n);
const between = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
const pick = (r, items) => items[Math.floor(r() * items.length)];
const repeat = (r, n, f) => Array.from({ length: n }, f).join("");

const asciiWords = ["the", "protein", "helix", "cell", "DNA", "IL-6", "p53", "McDonald", "naive", "CASE", "x", "a", "is", "of", "beta"];
const pieces = [
  (r) => pick(r, asciiWords),
  (r) => repeat(r, between(r, 1, 8), () => cp(between(r, 0x61, 0x7a))),
  (r) => repeat(r, between(r, 1, 6), () => cp(between(r, 0x30, 0x39))),
  (r) => repeat(r, between(r, 1, 3), () => pick(r, [..."!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"])),
  (r) => repeat(r, between(r, 1, 6), () => cp(between(r, 0xc0, 0x24f))),
  (r) => pick(r, ["e", "a", "o", "n", "Z"]) + repeat(r, between(r, 1, 3), () => cp(between(r, 0x300, 0x36f))),
  (r) => repeat(r, between(r, 1, 6), () => cp(between(r, 0x391, 0x3c9))),
  (r) => repeat(r, between(r, 1, 6), () => cp(between(r, 0x410, 0x44f))),
  (r) => repeat(r, between(r, 1, 5), () => cp(between(r, 0x621, 0x64a))),
  (r) => repeat(r, between(r, 1, 4), () => cp(between(r, 0x4e00, 0x9fff))),
  (r) => repeat(r, between(r, 1, 3), () => cp(pick(r, [between(r, 0x20000, 0x2a6df), between(r, 0x2b700, 0x2b960),
    between(r, 0x2ce90, 0x2ceb5), between(r, 0x30000, 0x3134f), between(r, 0x2f800, 0x2fa1f), between(r, 0xf900, 0xfaff)]))),
  (r) => repeat(r, between(r, 1, 5), () => cp(between(r, 0x1d400, 0x1d7ff))),
  (r) => pick(r, ["𝛼-helix", "𝑥²", "𝐀𝐁", "∂𝑓/∂𝑥", "α7 nAChR", "Δψm", "≥ 2×10⁻³", "𝟘𝟙𝟚", "١٢٣", "Ⅻ½"]),
  (r) => repeat(r, between(r, 1, 3), () => cp(between(r, 0x1f300, 0x1faff)) + (r() < 0.3 ? cp(between(r, 0x1f3fb, 0x1f3ff)) : "")),
  (r) => pick(r, ["👩‍👩‍👧", "👨🏽‍💻", "🇫🇷🇩🇪", "❤️", "🏳️‍🌈", "1️⃣"]),
  (r) => pick(r, [" ", "  ", "\t", "\n", "\r\n", "\n\n", " \n ", "\u00a0", "\u3000", "\u2028", "\u0085", "\u2003", "\u200b", "\u180e", "\ufeff"]),
  (r) => cp(pick(r, [between(r, 0, 0x1f), between(r, 0x7f, 0x9f), 0xad, 0x200e, 0x2066, 0x0890, 0x08e2, 0x13430, 0x1bca0, 0xe0001, 0xfffd])),
  (r) => cp(pick(r, [0x378, 0x380, 0xe0080, 0x2fffe, 0x10ffff, 0xfdd0, between(r, 0x40000, 0xdffff), 0x1e4ec, 0x1e4ef, 0x11f00])),
  (r) => cp(pick(r, [between(r, 0xe000, 0xf8ff), between(r, 0xf0000, 0xffffd), between(r, 0x100000, 0x10fffd)])),
  (r) => cp(pick(r, [0x10100, 0x10101, 0x1039f, 0x12470, 0x16a6e, 0x1e95e, 0x1f676, 0x11ef7, 0x1da87, 0x2e52, 0x2e5d])),
  (r) => pick(r, ["'s", "'S", "'ſ", "'t", "'RE", "'ve", "'m", "'LL", "'d", "'x", "don't", "IT'S"]),
  (r) => pick(r, ["İstanbul", "ΟΔΟΣ", "ǅ", "ß", "ﬁ", "Ǆ", "ẞ", "Ω", "K", "Å"]),
  (r) => pick(r, ["[SEP]", "[CLS]", "[UNK]", "<|im_end|>", "<|im_start|>", "<think>"]),
  (r) => { let n; do { n = between(r, 0, 0x10ffff); } while (n >= 0xd800 && n <= 0xdfff); return cp(n); },
];
const separators = ["", " ", " ", " ", "  ", "\n", "\t", "-", ", ", ". "];

/** One random text: 1 to 16 pieces joined by random separators. */
export function randomText(r) {
  const count = between(r, 1, 16);
  let text = "";
  for (let i = 0; i < count; i++) {
    text += (i > 0 ? pick(r, separators) : "") + pick(r, pieces)(r);
  }
  return text;
}

/** The texts of one seed. */
export function randomTexts(seed, cases) {
  const r = rng(seed);
  return Array.from({ length: cases }, () => randomText(r));
}
