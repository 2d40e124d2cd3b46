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
