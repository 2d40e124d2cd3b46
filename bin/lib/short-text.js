// Short texts cut from labelled reviews, as a widget user types them: a calibration fitted on them
// as well as on whole reviews stays honest for a few words (see calibrate.js).
import { splitmix64 } from './splitmix64.js';

const SENTENCE_SEED = 42; // the split's seed (bench/split.mjs): the shipped model's sentences

/** The first 200 characters of each row's text (cut at a code point boundary), with its label. */
export function first200(rows) {
  return rows.map(({ text, label }) => ({ text: Array.from(text).slice(0, 200).join(''), label }));
}

/** A text's sentences: split after . ! ? (then a space) and at HTML line breaks, trimmed, of 4 words or more. */
export function sentencesOf(text) {
  return text.split(/<br\s*\/?>|(?<=[.!?])\s+/i).map((s) => s.trim()).filter((s) => s.split(/\s+/).length >= 4);
}

/**
 * One sentence of each row (chosen with splitmix64(seed)), labelled with its row's label: short text as a
 * widget user types it. Rows without a sentence of 4 words are left out.
 */
export function singleSentences(rows, seed = SENTENCE_SEED) {
  const next = splitmix64(seed);
  const out = [];
  for (const { text, label } of rows) {
    const sentences = sentencesOf(text);
    const j = Number(next() % BigInt(Math.max(sentences.length, 1)));
    if (sentences.length) out.push({ text: sentences[j], label });
  }
  return out;
}
