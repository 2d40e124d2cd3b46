// Moves JS strings into WebAssembly memory as UTF-8 without an intermediate
// copy: one reusable buffer, grown on demand and released when it got large.
import { allocate, wasm } from './text-wasm.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // a 1.0 word may start with U+FEFF
const KEEP_BYTES = 1 << 20;
let buffer = 0;
let capacity = 0;

function ensure(bytes) {
  if (bytes <= capacity) return;
  const w = wasm();
  w.ps_free(buffer);
  buffer = 0;
  capacity = 0;
  const size = Math.max(bytes, 4096);
  buffer = allocate(size);
  capacity = size;
}

/** Copies bytes into the shared buffer and returns where they are, valid until the next call. */
export function stageBytes(bytes) {
  ensure(bytes.length);
  new Uint8Array(wasm().memory.buffer, buffer, bytes.length).set(bytes);
  return buffer;
}

/**
 * Writes strings back to back as UTF-8 into the shared buffer (lone surrogates
 * become U+FFFD) and returns [ptr, byteLength] pairs, valid until the next call.
 */
export function stage(...strings) {
  let need = 0;
  for (const s of strings) need += s.length * 3; // UTF-8 needs at most 3 bytes per UTF-16 unit
  ensure(need);
  const w = wasm();
  const out = [];
  let offset = 0;
  for (const s of strings) {
    const { written } = encoder.encodeInto(s, new Uint8Array(w.memory.buffer, buffer + offset, capacity - offset));
    out.push(buffer + offset, written);
    offset += written;
  }
  return out;
}

// Unicode-case tokenizing (option unicodeCase) reads text in NFC, so that canonically equivalent spellings (a
// precomposed letter, or its base and combining marks as macOS and some input methods type it; a Hangul syllable
// or its jamo) give the same tokens. The C tokenizer does not normalize. A text with no UTF-16 unit from U+0300 up
// is NFC already (every character that composes, decomposes or reorders is at or above it): kept as it is, the
// common case, at the cost of one scan (26 ms on the 33 MB of IMDB reviews, of which 18 reach normalize()).
const MAY_NOT_BE_NFC = /[\u0300-\uffff]/;

/** text in NFC. */
export function nfc(text) {
  return MAY_NOT_BE_NFC.test(text) ? text.normalize('NFC') : text;
}

// NFC changes nothing across the start of a code point below U+0300 (none composes with what precedes it or
// reorders), so a text's NFC is that of its stretches from one such code point to the next.
const STRETCH = /[\0-\u02ff]?[\u0300-\uffff]+/g;
// A character with the combining marks, and the Hangul vowel and final jamo, that NFC may compose with it; marks
// with no character before them are a cluster of their own.
const CLUSTER = /\P{M}[\p{M}\u1161-\u1175\u11a8-\u11c2]*|\p{M}+/gu;

/** Appends [start, end, nfcStart, nfcEnd] of a piece that NFC changed to changes; returns nfcMinusText after it. */
function addChange(changes, start, length, nfcLength, nfcMinusText) {
  changes.push(start, start + length, start + nfcMinusText, start + nfcMinusText + nfcLength);
  return nfcMinusText + nfcLength - length;
}

/** The stretches of text that NFC changes: [start, end, nfcStart, nfcEnd, ...] (UTF-16 offsets in text and in its NFC). */
function changedStretches(text) {
  const changes = [];
  let nfcMinusText = 0; // the difference in length NFC made so far
  const stretches = new RegExp(STRETCH);
  for (let match; (match = stretches.exec(text));) {
    const normalized = nfc(match[0]);
    if (normalized !== match[0]) nfcMinusText = addChange(changes, match.index, match[0].length, normalized.length, nfcMinusText);
  }
  return changes;
}

/**
 * The clusters of a stretch that NFC changes, as changedStretches gives stretches; or the whole stretch, should
 * a character of a newer Unicode compose across clusters.
 */
function changedClusters(stretch, normalized) {
  const clusters = stretch.match(CLUSTER);
  const normalizedClusters = clusters.map(nfc);
  if (normalizedClusters.join('') !== normalized) return [0, stretch.length, 0, normalized.length];
  const changes = [];
  let start = 0;
  let nfcMinusText = 0;
  clusters.forEach((cluster, i) => {
    if (normalizedClusters[i] !== cluster) nfcMinusText = addChange(changes, start, cluster.length, normalizedClusters[i].length, nfcMinusText);
    start += cluster.length;
  });
  return changes;
}

/**
 * offsetIn of nfcMapped over changes (as changedStretches gives them); finer(start, end, nfcStart, nfcEnd), if
 * given, maps the offsets inside a change, and is asked only when an offset falls there.
 */
function offsetsBack(changes, finer) {
  let next = 0; // changes[next]: the start of the first change not before every offset asked so far
  let inside = null; // finer() of changes[next]
  return (offset, edge) => {
    for (; next < changes.length && changes[next + 3] <= offset; next += 4) inside = null;
    if (next === changes.length || offset <= changes[next + 2]) return offset + (next && changes[next - 3] - changes[next - 1]);
    inside ??= finer?.(...changes.slice(next, next + 4));
    if (inside) return changes[next] + inside(offset - changes[next + 2], edge);
    return edge === 'end' ? changes[next + 1] : changes[next];
  };
}

/** text as typed, to read as nfcMapped's result where a tokenizer does not read NFC. */
export const asTyped = (text) => ({ text, offsetIn: (offset) => offset });

/**
 * text in NFC, and offsetIn(offset, edge): where a UTF-16 offset of it falls in text, called with offsets in
 * ascending order. An offset inside a character that NFC changed (composed with its marks) falls at the start
 * of the character and its marks in text for edge 'start', at their end for edge 'end': a span of the NFC never
 * splits a character from its marks.
 */
export function nfcMapped(text) {
  const normalized = nfc(text);
  if (normalized === text) return asTyped(text);
  const clustersIn = (start, end, nfcStart, nfcEnd) => offsetsBack(changedClusters(text.slice(start, end), normalized.slice(nfcStart, nfcEnd)));
  return { text: normalized, offsetIn: offsetsBack(changedStretches(text), clustersIn) };
}

/** Releases the shared buffer if a large text made it grow. */
export function release() {
  if (capacity > KEEP_BYTES) {
    wasm().ps_free(buffer);
    buffer = 0;
    capacity = 0;
  }
}

/** Decodes len bytes of UTF-8 at ptr. */
export function readUtf8(ptr, len) {
  const bytes = new Uint8Array(wasm().memory.buffer, ptr, len);
  // A short ASCII string (most tokens) without a TextDecoder call: a long review's words are 10^5 of them.
  if (len <= 32 && isAscii(bytes)) return String.fromCharCode.apply(null, bytes);
  return decoder.decode(bytes);
}

function isAscii(bytes) {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return false;
  return true;
}
