// A seeded generator of synthetic labelled reviews for the scale benchmark: a
// word-trigram Markov chain fitted on real reviews, each generated review
// taking the label, first two words and length of a source review picked at
// random. A trigram chain alone only repeats the source's n-grams, so the
// vocabulary would stop growing; real text keeps bringing new words (names,
// typos, rare forms: Heaps' law). So 2 % of the words are rare forms, a word
// plus a suffix from a pool that grows as the square root of the words
// generated, and the distinct 1-3-grams keep growing with the corpus.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const END = 0; // the word id that ends a review
const RARE_SHARE = 0.02;
const SUFFIXES = 'bcdfghjklmnprstvwxz';

/** sfc32 floats in [0, 1) from a 32-bit seed: fast, and the same on every machine. */
function random(seed) {
  let a = 0x9E3779B9;
  let b = 0x243F6A88;
  let c = 0xB7E15162;
  let d = seed >>> 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

const hashOf = (w1, w2) => (Math.imul(w1, 0x9E3779B1) ^ Math.imul(w2 + 0x7F4A7C15, 0x85EBCA77)) >>> 0;

/** The slot of state (w1, w2) in the chain's open-addressing table; an empty slot when it is not there. */
function slotOf(chain, w1, w2) {
  let slot = hashOf(w1, w2) & chain.mask;
  while (chain.w1[slot] !== -1 && (chain.w1[slot] !== w1 || chain.w2[slot] !== w2)) slot = (slot + 1) & chain.mask;
  return slot;
}

/**
 * The chain of rows [{text, label}]: for each state (w1, w2) seen, the words that followed it, as many
 * times as each did, so that drawing one of them draws the next word with the source's frequency.
 */
export function fitChain(rows) {
  const ids = new Map([['', END]]);
  const words = [''];
  const stream = [];
  const sources = []; // per review: [first position, words, label]
  for (const { text, label } of rows) {
    const start = stream.length;
    for (const word of text.split(/\s+/)) {
      if (!word) continue;
      let id = ids.get(word);
      if (id === undefined) { id = words.length; ids.set(word, id); words.push(word); }
      stream.push(id);
    }
    if (stream.length - start >= 2) sources.push([start, stream.length - start, label]);
    stream.push(END, END);
  }
  const tokens = Int32Array.from(stream);
  const positions = tokens.length - 2;
  const size = 2 ** Math.ceil(Math.log2(positions * 2));
  const chain = { words, tokens, sources, mask: size - 1, w1: new Int32Array(size).fill(-1), w2: new Int32Array(size),
    first: new Int32Array(size), count: new Int32Array(size), next: new Int32Array(positions) };
  const slots = new Int32Array(positions);
  for (let i = 0; i < positions; i++) {
    const slot = slotOf(chain, tokens[i], tokens[i + 1]);
    chain.w1[slot] = tokens[i];
    chain.w2[slot] = tokens[i + 1];
    chain.count[slot]++;
    slots[i] = slot;
  }
  for (let slot = 0, at = 0; slot < size; slot++) { chain.first[slot] = at; at += chain.count[slot]; }
  const filled = new Int32Array(size);
  for (let i = 0; i < positions; i++) chain.next[chain.first[slots[i]] + filled[slots[i]]++] = tokens[i + 2];
  return chain;
}

function nextWord(chain, w1, w2, rand) {
  const slot = slotOf(chain, w1, w2);
  if (chain.w1[slot] === -1) return END;
  return chain.next[chain.first[slot] + Math.floor(rand() * chain.count[slot])];
}

/** Writes n generated reviews as a TSV file (header review, sentiment); resolves {bytes, words}. */
export async function writeCorpus(chain, n, file, seed = 42) {
  const rand = random(seed);
  const out = createWriteStream(file);
  let bytes = 0;
  let generated = 0;
  let lines = ['review\tsentiment'];
  for (let r = 0; r < n; r++) {
    const [start, length, label] = chain.sources[Math.floor(rand() * chain.sources.length)];
    let w1 = chain.tokens[start];
    let w2 = chain.tokens[start + 1];
    const text = [chain.words[w1], chain.words[w2]];
    for (let i = 2; i < length * 1.5; i++) {
      const w3 = nextWord(chain, w1, w2, rand);
      if (w3 === END) break;
      generated++;
      if (rand() < RARE_SHARE) {
        const forms = Math.floor(50 * Math.sqrt(generated));
        let suffix = Math.floor(rand() * forms);
        let word = chain.words[w3];
        do { word += SUFFIXES[suffix % SUFFIXES.length]; suffix = Math.floor(suffix / SUFFIXES.length); } while (suffix > 0);
        text.push(word);
      } else {
        text.push(chain.words[w3]);
      }
      w1 = w2;
      w2 = w3;
    }
    lines.push(`${text.join(' ')}\t${label}`);
    if (lines.length >= 1000) {
      const chunk = `${lines.join('\n')}\n`;
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      lines = [];
    }
  }
  const chunk = lines.length ? `${lines.join('\n')}\n` : '';
  bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await once(out, 'finish');
  return { bytes, words: generated };
}
