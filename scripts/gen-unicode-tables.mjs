// Writes c/src/unicode_tables.h from the Unicode Character Database of Debian's
// unicode-data package (/usr/share/unicode, or $PS_UCD): what the tokenizer's
// Unicode options need, as small sorted range tables searched by bisection.
//  - kind ranges: scripts written without spaces (Han, Hiragana, Katakana, and
//    the South-East Asian scripts: Thai, Lao, Khmer, Myanmar, the Tai scripts),
//    the marks that join the character before, emoji and the parts of emoji sequences;
//  - word-rule classes of the Unicode word rules (General Category, Terminal_Punctuation);
//  - full case folding (CaseFolding.txt, statuses C and F: "ẞ" -> "ss");
//  - accent folding (UnicodeData.txt canonical decompositions: a character that
//    decomposes into a base and combining diacritical marks folds to the base).
// The tables are part of what a model means, so the Unicode version is pinned:
// another version of the data is refused rather than silently changing models.
// `node scripts/gen-unicode-tables.mjs`; `--check` exits 1 when the committed
// file differs from what it would write.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeGenerated } from './lib/generated.mjs';

const OUT = new URL('../c/src/unicode_tables.h', import.meta.url);
const UCD = process.env.PS_UCD ?? '/usr/share/unicode';
const VERSION = '15.0.0';

function ucd(file) {
  const p = path.join(UCD, file);
  if (!existsSync(p)) {
    console.error(`gen-unicode-tables: ${p} not found: install Debian's unicode-data (apt-get install unicode-data) or set PS_UCD`);
    process.exit(1);
  }
  return readFileSync(p, 'utf8');
}

const caseFoldingText = ucd('CaseFolding.txt');
const found = /^# CaseFolding-(\d+\.\d+\.\d+)\.txt/.exec(caseFoldingText)?.[1];
if (found !== VERSION) {
  console.error(`gen-unicode-tables: Unicode ${found} in ${UCD}, the tables are pinned to ${VERSION} (tokenization is part of every model)`);
  process.exit(1);
}

/** Each data line of a UCD property file as [first, last, fields...]. */
function* lines(text) {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [range, ...fields] = line.split(';').map((f) => f.trim());
    const [a, b] = range.split('..').map((h) => parseInt(h, 16));
    yield [a, b ?? a, ...fields];
  }
}

/** code point -> value of a property file's first field. */
function property(file) {
  const map = new Map();
  for (const [a, b, value] of lines(ucd(file))) for (let cp = a; cp <= b; cp++) map.set(cp, value);
  return map;
}

const category = property('extracted/DerivedGeneralCategory.txt');
const script = property('Scripts.txt');
const scriptExtensions = property('ScriptExtensions.txt');
const emoji = new Map();
for (const [a, b, prop] of lines(ucd('emoji/emoji-data.txt'))) {
  for (let cp = a; cp <= b; cp++) emoji.set(cp, [...(emoji.get(cp) ?? []), prop]);
}
const hasEmoji = (cp, prop) => emoji.get(cp)?.includes(prop) ?? false;
const graphemeBreak = property('auxiliary/GraphemeBreakProperty.txt');
const terminalPunctuation = new Set();
for (const [a, b, prop] of lines(ucd('PropList.txt'))) if (prop === 'Terminal_Punctuation') for (let cp = a; cp <= b; cp++) terminalPunctuation.add(cp);

// ---- kinds ----
const NO_SPACE_SCRIPTS = new Set(['Han', 'Hiragana', 'Katakana', 'Thai', 'Lao', 'Khmer', 'Myanmar', 'Tai_Tham', 'Tai_Viet', 'New_Tai_Lue', 'Tai_Le']);
const NO_SPACE_SHORT = new Set(['Hani', 'Hira', 'Kana', 'Thai', 'Laoo', 'Khmr', 'Mymr', 'Lana', 'Tavt', 'Talu', 'Tale']);
const isVariationSelector = (cp) => (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);

function noSpaceScript(cp) {
  return NO_SPACE_SCRIPTS.has(script.get(cp)) || (scriptExtensions.get(cp) ?? '').split(' ').some((s) => NO_SPACE_SHORT.has(s));
}

function kindOf(cp) {
  const gc = category.get(cp) ?? 'Cn';
  if (cp === 0x20E3) return 'KEYCAP';
  if (cp === 0x200D) return 'ZWJ';
  if (isVariationSelector(cp)) return 'VS';
  if (cp >= 0xE0020 && cp <= 0xE007F) return 'TAG';
  if (cp >= 0x1F1E6 && cp <= 0x1F1FF) return 'RI';
  if (hasEmoji(cp, 'Emoji_Modifier')) return 'EMOJI_MOD';
  if (cp >= 0x80 && hasEmoji(cp, 'Emoji')) return 'EMOJI';
  // A mark, or what extends a grapheme cluster without being one (Thai SARA AM, halfwidth kana voicing marks).
  // Not a format character: ZWNJ extends a grapheme cluster too, but is ignored like the other format characters.
  const joins = /^M/.test(gc) || (gc !== 'Cf' && ['Extend', 'SpacingMark'].includes(graphemeBreak.get(cp)));
  if (joins && (noSpaceScript(cp) || script.get(cp) === 'Inherited')) return 'MARK';
  if (/^[LN]/.test(gc) && noSpaceScript(cp)) return 'RUN';
  return 'NONE';
}

// ---- word-rule classes (ps_tokenize.h, Unicode case): beyond ASCII ----
function classOf(cp) {
  const gc = category.get(cp) ?? 'Cn';
  if (cp === 0x2018 || cp === 0x2019) return 'APOS';
  if (cp === 0x200B) return 'SEP'; // ZERO WIDTH SPACE marks word breaks in Thai, Khmer, Myanmar
  if (isVariationSelector(cp)) return 'IGNORE'; // and the keycap below: parts of emoji, when emoji are not tokens
  if (cp === 0x20E3) return 'SEP';
  // Punctuation that UAX #29 keeps inside words: the Hebrew geresh and gershayim ("צה״ל") and the Armenian
  // apostrophe, hyphen and abbreviation mark belong to the word; the Armenian emphasis, exclamation and question
  // marks, written over a vowel ("ինչո՞ւ"), are dropped so that the word matches its plain form.
  if ([0x055A, 0x055F, 0x058A, 0x05F3, 0x05F4].includes(cp)) return 'WORD';
  if ([0x055B, 0x055C, 0x055E].includes(cp)) return 'IGNORE';
  // The other MidLetter punctuation: the middle dot of Catalan "l·l", which NFC also makes of the Greek ano
  // teleia (a semicolon), the hyphenation point and small and vertical colons.
  if ([0x00B7, 0x0387, 0x2027, 0xFE13, 0xFE55].includes(cp)) return 'MID';
  if (/^[LMN]/.test(gc) || gc === 'Cn' || gc === 'Co') return 'WORD'; // unassigned and private use too, as before
  if (gc === 'Cf') return 'IGNORE'; // invisible: BOM, soft hyphen, ZWJ and ZWNJ inside words, direction marks
  if (terminalPunctuation.has(cp) || cp === 0xA1 || cp === 0xBF || cp === 0x2026) return 'PUNCT'; // with ¡ ¿ …
  if (cp === 0x85 || cp === 0x2028 || cp === 0x2029) return 'PUNCT'; // a line break (NEL, LS, PS) ends a sentence too
  return 'SEP';
}
const classRanges = []; // [start, class] from U+0080
for (let cp = 0x80, last = null; cp <= 0x10FFFF; cp++) {
  const c = classOf(cp);
  if (c !== last) { classRanges.push([cp, c]); last = c; }
}

const kindRanges = []; // [start, kind]: kind holds from start to the next start
for (let cp = 0, last = null; cp <= 0x10FFFF; cp++) {
  const k = kindOf(cp);
  if (k !== last) { kindRanges.push([cp, k]); last = k; }
}

// ---- case folding: C and F statuses (full folding, not the Turkic T mappings) ----
const singleFold = [];
const multiFold = [];
for (const [cp, , status, mapping] of lines(caseFoldingText)) {
  if (status !== 'C' && status !== 'F') continue;
  const to = mapping.split(' ').map((h) => parseInt(h, 16));
  if (to.length === 1) singleFold.push([cp, to[0] - cp]);
  else multiFold.push([cp, to]);
}
singleFold.sort((a, b) => a[0] - b[0]);
multiFold.sort((a, b) => a[0] - b[0]);
if (multiFold.some(([, to]) => to.length > 3 || to.some((c) => c > 0xFFFF))) throw new Error('a full folding beyond 3 BMP code points');
if (singleFold.some(([cp, d]) => cp > 0xFFFFF || Math.abs(d) >= 2 ** 31)) throw new Error('case folding out of the packed range');

/** Runs of mappings cp, cp + stride, ... (stride 1 or 2) with the same delta, at most 256 long. */
function foldRuns(maps) {
  const runs = [];
  for (const [cp, delta] of maps) {
    const r = runs.at(-1);
    if (r && r.delta === delta && r.len < 256) {
      const next = r.start + r.stride * r.len;
      if (r.len === 1 && (cp === r.start + 1 || cp === r.start + 2)) { r.stride = cp - r.start; r.len = 2; continue; }
      if (cp === next) { r.len++; continue; }
    }
    runs.push({ start: cp, len: 1, stride: 1, delta });
  }
  return runs;
}
const runs = foldRuns(singleFold);

// ---- accent folding: canonical decompositions into a base and combining diacritical marks ----
const COMBINING_DIACRITICS = [[0x0300, 0x036F], [0x1AB0, 0x1AFF], [0x1DC0, 0x1DFF], [0x20D0, 0x20FF], [0xFE20, 0xFE2F]];
const isDiacritic = (cp) => COMBINING_DIACRITICS.some(([a, b]) => cp >= a && cp <= b);
const canonical = new Map();
for (const line of ucd('UnicodeData.txt').split('\n')) {
  const f = line.split(';');
  if (f.length < 6 || !f[5] || f[5].startsWith('<')) continue;
  canonical.set(parseInt(f[0], 16), f[5].split(' ').map((h) => parseInt(h, 16)));
}
const decompose = (cp) => (canonical.has(cp) ? canonical.get(cp).flatMap(decompose) : [cp]);
const accents = [];
for (const cp of [...canonical.keys()].sort((a, b) => a - b)) {
  const [base, ...marks] = decompose(cp);
  if (marks.length && marks.every(isDiacritic) && !/^M/.test(category.get(base) ?? 'Cn')) accents.push([cp, base]);
}
if (accents.some(([cp, base]) => cp > 0xFFFF || base > 0xFFFF)) throw new Error('an accented letter outside the BMP');

// ---- output ----
const hex = (n, w = 4) => `0x${n.toString(16).toUpperCase().padStart(w, '0')}`;

function rows(cells, indent = '    ', width = 112) {
  const out = [];
  let line = indent;
  for (const cell of cells) {
    if (line.length + cell.length + 2 > width && line !== indent) { out.push(line.trimEnd()); line = indent; }
    line += `${cell}, `;
  }
  out.push(line.trimEnd());
  return out.join('\n');
}

const diacriticRanges = COMBINING_DIACRITICS.map(([a, b]) => `{${hex(a)}, ${hex(b)}}`).join(', ');
const text = `/* Generated by scripts/gen-unicode-tables.mjs from the Unicode ${VERSION} Character Database
 * (Debian's unicode-data); do not edit. Sorted tables, searched by bisection. */
#define PS__UNI_VERSION "${VERSION}"

/* Where each kind of code point starts (start << 8 | kind): the kind holds until the next entry (${kindRanges.length}). */
static const uint32_t uni_kind_starts[${kindRanges.length}] = {
${rows(kindRanges.map(([cp, k]) => `${hex(cp, 5)}u << 8 | PS__UNI_${k}`))}
};

/* The word-rule class of each code point from U+0080 (start << 8 | class), as kinds above (${classRanges.length}). */
static const uint32_t uni_class_starts[${classRanges.length}] = {
${rows(classRanges.map(([cp, c]) => `${hex(cp, 5)}u << 8 | PS__CHAR_${c}`))}
};

/* Simple case foldings as runs: start << 9 | (length - 1) << 1 | (stride - 1); code point start + i * stride
 * folds to itself + delta (${runs.length} runs of ${singleFold.length} foldings). */
static const uint32_t uni_fold_runs[${runs.length}] = {
${rows(runs.map((r) => `${hex(r.start, 5)}u << 9 | ${r.len - 1} << 1 | ${r.stride - 1}`))}
};
static const int32_t uni_fold_delta[${runs.length}] = {
${rows(runs.map((r) => String(r.delta)))}
};

/* Full case foldings into two or three code points ("ß" -> "ss") (${multiFold.length}). */
static const struct { uint32_t cp; uint16_t to[3]; } uni_fold_multi[${multiFold.length}] = {
${rows(multiFold.map(([cp, to]) => `{${hex(cp)}, {${[...to, 0, 0].slice(0, 3).map((c) => hex(c)).join(', ')}}}`))}
};

/* Combining diacritical marks: dropped by accent folding. */
static const uint16_t uni_diacritic_ranges[${COMBINING_DIACRITICS.length}][2] = {${diacriticRanges}};

/* Letters whose canonical decomposition is a base and combining diacritical marks: code point, base (${accents.length}). */
static const uint16_t uni_accent[${accents.length}][2] = {
${rows(accents.map(([cp, base]) => `{${hex(cp)}, ${hex(base)}}`))}
};
`;

writeGenerated(OUT, text, 'gen-unicode-tables.mjs');
