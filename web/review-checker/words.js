// A JS port of the word rules of c/ps_tokenize.c, for the highlights only:
// it finds the words of a text with their positions, with the tokenizer's
// rules: tags dropped, entities decoded, the same word characters,
// lower-casing and apostrophes, negation marks and stop words when the model
// uses them. N-grams are then consecutive entries of the returned list.
//
// The whole file goes once the C tokenizer reports word spans itself: all the
// highlights need is what this file exports, wordsOf(text, options) →
// [{token, start, end}] and isFunctionWord(token) (see highlight.js).
// Until then, a change to the tokenizer's rules must be made here too.

const MAX_WORD_BYTES = 64;
const TAG_SCAN = 1024;
const C_SEP = 0;
const C_WORD = 1;
const C_APOS = 2;
const C_PUNCT = 3;

const STOP_WORDS = new Set(('i me my myself we our ours ourselves you you\'re you\'ve you\'ll you\'d your yours yourself yourselves '
  + 'he him his himself she she\'s her hers herself it it\'s its itself they them their theirs themselves what which who whom '
  + 'this that that\'ll these those am is are was were be been being have has had having do does did doing a an the and but '
  + 'if or because as until while of at by for with about against between into through during before after above below to '
  + 'from up down in out on off over under again further then once here there when where why how all any both each few more '
  + 'most other some such no nor not only own same so than too very s t can will just don don\'t should should\'ve now d ll '
  + 'm o re ve y ain aren aren\'t couldn couldn\'t didn didn\'t doesn doesn\'t hadn hadn\'t hasn hasn\'t haven haven\'t isn '
  + 'isn\'t ma mightn mightn\'t mustn mustn\'t needn needn\'t shan shan\'t shouldn shouldn\'t wasn wasn\'t weren weren\'t won '
  + 'won\'t wouldn wouldn\'t').split(' '));
const NEGATORS = new Set(('not no never nor cannot nothing nobody none neither nowhere without hadnt wont cant doesnt couldnt '
  + 'didnt dont isnt werent arent wasnt havent shouldnt wouldnt aint hasnt').split(' '));
const NEGATION_STUB = /^(?:no|nor|not|ain|aren|couldn|didn|doesn|don|hadn|hasn|haven|isn|mightn|mustn|needn|shan|shouldn|wasn|weren|won|wouldn)$|n't$/;
/** A stop word that carries no sentiment on its own (negations do). */
export const isFunctionWord = (token) => {
  const w = token.startsWith('!') ? token.slice(1) : token;
  return STOP_WORDS.has(w) && !NEGATION_STUB.test(w);
};
const ENTITIES = {
  amp: 0x26, lt: 0x3c, gt: 0x3e, quot: 0x22, apos: 0x27, nbsp: 0x20, hellip: 0x2026, mdash: 0x2014,
  ndash: 0x2013, lsquo: 0x2018, rsquo: 0x2019, ldquo: 0x201c, rdquo: 0x201d,
};

function classOf(cp) {
  if (cp < 0x80) {
    if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x30 && cp <= 0x39)) return C_WORD;
    if (cp === 0x27) return C_APOS;
    return '.,:;!?'.includes(String.fromCharCode(cp)) ? C_PUNCT : C_SEP;
  }
  if (cp < 0xc0) return cp === 0xa1 || cp === 0xbf ? C_PUNCT : C_SEP;
  if (cp === 0xd7 || cp === 0xf7) return C_SEP;
  if (cp === 0x2018 || cp === 0x2019) return C_APOS;
  if (cp >= 0x2000 && cp <= 0x2bff) return cp === 0x2026 ? C_PUNCT : C_SEP;
  if ((cp >= 0x2e00 && cp <= 0x2e7f) || (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xfe30 && cp <= 0xfe4f)
    || (cp >= 0xff00 && cp <= 0xff20) || (cp >= 0xfff0 && cp <= 0xffff) || (cp >= 0x1f000 && cp <= 0x1faff)) {
    return [0x3002, 0xff01, 0xff0c, 0xff0e, 0xff1f].includes(cp) ? C_PUNCT : C_SEP;
  }
  if (cp >= 0xd800 && cp <= 0xdfff) return C_SEP; // a lone surrogate becomes U+FFFD in UTF-8
  return C_WORD;
}

function lowerOf(cp) {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp;
  if (cp < 0x100) return cp >= 0xc0 && cp <= 0xde && cp !== 0xd7 ? cp + 32 : cp;
  if (cp <= 0x17f) {
    if ((cp <= 0x137 || (cp >= 0x14a && cp <= 0x177)) && !(cp & 1)) return cp + 1;
    if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e)) && (cp & 1)) return cp + 1;
    return cp === 0x178 ? 0xff : cp;
  }
  if (cp >= 0x391 && cp <= 0x3a9 && cp !== 0x3a2) return cp + 32;
  if (cp === 0x386) return 0x3ac;
  if (cp >= 0x388 && cp <= 0x38a) return cp + 37;
  if (cp === 0x38c) return 0x3cc;
  if (cp === 0x38e || cp === 0x38f) return cp + 63;
  if (cp >= 0x410 && cp <= 0x42f) return cp + 32;
  if (cp >= 0x400 && cp <= 0x40f) return cp + 80;
  return cp;
}

const utf8Length = (cp) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/** The entity at text[i] === '&': [code point, length] or null (see entity() in ps_tokenize.c). */
function entityAt(text, i) {
  let n = 0;
  for (let k = 1; i + k < text.length && k <= 10; k++) {
    const ch = text[i + k];
    if (ch === ';') { n = k; break; }
    if (!/[A-Za-z0-9#]/.test(ch)) return null;
  }
  if (n < 2) return null;
  const body = text.slice(i + 1, i + n);
  if (body[0] === '#') {
    const hex = n > 2 && (body[1] === 'x' || body[1] === 'X');
    const digits = body.slice(hex ? 2 : 1);
    if (!digits) return null;
    let cp = 0;
    for (const ch of digits) {
      const d = parseInt(ch, hex ? 16 : 10);
      if (Number.isNaN(d)) return null;
      cp = cp * (hex ? 16 : 10) + d;
      if (cp > 0x10ffff) return [0xfffd, n + 1];
    }
    return [cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp, n + 1];
  }
  return Object.hasOwn(ENTITIES, body) ? [ENTITIES[body], n + 1] : null;
}

/**
 * The words of text as the tokenizer sees them, before n-grams:
 * [{token, start, end}] with token lower-cased (and "!"-prefixed inside a
 * negation when options.negation), start/end UTF-16 offsets into text.
 */
export function wordsOf(text, { negation = false, stopwords = false } = {}) {
  const words = [];
  let word = '';
  let bytes = 0;
  let full = false;
  let pendingApos = false;
  let neg = false;
  let start = 0;
  let end = 0;

  function finish() {
    if (bytes === 0) return;
    let w = word;
    if (pendingApos) w = w.slice(0, -1);
    word = '';
    bytes = 0;
    full = false;
    pendingApos = false;
    if (!w) return;
    const isNeg = negation && (w.endsWith("n't") || NEGATORS.has(w));
    if (!(stopwords && STOP_WORDS.has(w))) words.push({ token: (negation && neg && !isNeg ? '!' : '') + w, start, end });
    if (isNeg) neg = true;
  }

  function add(cp, from, to) {
    const c = classOf(cp);
    if (c === C_WORD) {
      const lc = lowerOf(cp);
      const need = utf8Length(lc);
      if (bytes > 0) end = to; // characters past the byte limit still belong to the word on screen
      if (full) return;
      if (bytes + need > MAX_WORD_BYTES) { full = true; return; }
      if (bytes === 0) { start = from; end = to; }
      word += String.fromCodePoint(lc);
      bytes += need;
      pendingApos = false;
      return;
    }
    if (c === C_APOS && bytes > 0 && !pendingApos) {
      if (full) return;
      if (bytes + 1 > MAX_WORD_BYTES) { full = true; return; }
      word += "'";
      bytes += 1;
      pendingApos = true;
      return;
    }
    finish();
    if (c === C_PUNCT) neg = false;
  }

  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i);
    const size = cp > 0xffff ? 2 : 1;
    if (cp === 0x3c && i + 1 < text.length && /[A-Za-z/!?]/.test(text[i + 1])) {
      const close = text.indexOf('>', i + 2);
      if (close !== -1 && close < i + TAG_SCAN) {
        finish();
        neg = false;
        i = close + 1;
        continue;
      }
    } else if (cp === 0x26) {
      const entity = entityAt(text, i);
      if (entity) {
        add(entity[0], i, i + entity[1]);
        i += entity[1];
        continue;
      }
    }
    add(cp, i, i + size);
    i += size;
  }
  finish();
  return words;
}
