// Naive Bayes fixtures shared by the nb-*.test.js files and memory.test.js:
// a seeded generator of synthetic reviews in three classes (with everything the
// tokenizer handles), two small hand-made corpora, and the error assertion the
// NB tests use.
import assert from 'node:assert/strict';
import { NaiveBayes, PaletteSentimentError } from '../../web/index.js';

/** mulberry32: a small seeded PRNG for fixtures (floats in [0, 1)). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = (rand, list) => list[Math.floor(rand() * list.length)];

// Word pools with everything the tokenizer handles: HTML, entities, apostrophes
// (straight, curly, entity), accents and capitals, Greek/Cyrillic, emoji, CJK, digits.
export const COMMON = [
  'the', 'a', 'and', 'is', 'it', 'this', 'movie', 'film', 'was', 'of', 'to', 'in', 'not', 'never', "don't",
  "isn't", 'it’s', 'l\'été', 'ÉTÉ', 'Café', 'naïve', 'Ærø', 'ΚΑΛΟ', 'ХОРОШО', '映画', '😀', '👍🏽', '<br /><br />',
  '<b>', '</b>', '<i>really</i>', '&amp;', '&#39;', '&quot;', '&lt;3', '&hellip;', '&nbsp;', 'rock &#39;n&#39; roll',
  '10/10', '7', ',', '.', '!', '?', '...', '—', 'plot', 'actor', 'actors', 'story', 'scene', 'Scene', 'SCENE',
];
export const POOLS = {
  pos: ['good', 'great', 'GREAT', 'wonderful', 'loved', 'brilliant', 'fun', 'superb', 'délicieux', 'beautiful', 'best'],
  neg: ['bad', 'awful', 'boring', 'worst', 'waste', 'terrible', 'hated', 'dull', 'mauvais', 'stupid', 'poor'],
  '😐': ['ok', 'okay', 'average', 'fine', 'meh', 'moyen', 'mixed', 'so-so', 'decent', 'bof'],
};
export const FIXTURE_LABELS = Object.keys(POOLS);

/** A synthetic review: mostly common words, some of its class, a few of another class. */
export function review(rand, label, words) {
  const out = [];
  for (let i = 0; i < words; i++) {
    const r = rand();
    if (r < 0.55) out.push(pick(rand, COMMON));
    else if (r < 0.9) out.push(pick(rand, POOLS[label]));
    else out.push(pick(rand, POOLS[pick(rand, FIXTURE_LABELS)]));
  }
  return out.join(rand() < 0.5 ? ' ' : '  ');
}

/**
 * {texts, labels}: n two-class reviews with a long tail of rare words, so that distinct n-grams keep
 * coming as in real text (for training beyond a memory limit).
 */
export function longTailCorpus(n, seed) {
  const rand = prng(seed);
  const texts = [];
  const labels = [];
  for (let i = 0; i < n; i++) {
    const label = rand() < 0.5 ? 'pos' : 'neg';
    const words = Array.from({ length: 20 + Math.floor(rand() * 60) }, () => {
      const r = rand();
      return r < 0.4 ? pick(rand, COMMON) : r < 0.7 ? pick(rand, POOLS[label]) : `w${Math.floor(rand() ** 2 * 50000)}`;
    });
    texts.push(words.join(' '));
    labels.push(label);
  }
  return { texts, labels };
}

/** n labelled rows {text, label} (no tabs or newlines in the text). */
export function fixtureRows(n, seed = 7) {
  const rand = prng(seed);
  return Array.from({ length: n }, () => {
    const label = rand() < 0.45 ? 'pos' : rand() < 0.8 ? 'neg' : '😐';
    return { text: review(rand, label, 3 + Math.floor(rand() * 40)), label };
  });
}

// pos: "Good great fun", "good <b>movie</b>", "fun, FUN! fun"; neg: "bad boring movie", "Bad. bad plot".
// Vocabulary (byte order): bad boring fun good great movie plot, V = 7 (nb-api.test.js counts it by hand).
export const HAND_DOCS = [
  ['Good great fun', 'pos'], ['good <b>movie</b>', 'pos'], ['fun, FUN! fun', 'pos'],
  ['bad boring movie', 'neg'], ['Bad. bad plot', 'neg'],
];

// Three classes with 3/3/2 documents: the priors are 3/8, 3/8 and 2/8.
export const TRAIN = [
  ['a good, fun and wonderful film', 'pos'], ['great acting, good story', 'pos'], ['fun fun fun', 'pos'],
  ['a bad, dull and boring film', 'neg'], ['awful acting, bad story', 'neg'], ['dull', 'neg'],
  ['an ok film, average', 'meh'], ['fine, average acting', 'meh'],
];

/** NaiveBayes.train on [text, label] pairs. */
export const trainPairs = (pairs, options) => NaiveBayes.train(pairs.map(([t]) => t), pairs.map(([, l]) => l), options);

/** Asserts fn throws a PaletteSentimentError with this code. */
export function assertCode(fn, code) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof PaletteSentimentError, `expected PaletteSentimentError, got ${error}`);
    assert.equal(error.code, code);
    assert.equal(typeof error.status, 'number');
    assert.ok(error.message.length > 0);
    return true;
  });
}
