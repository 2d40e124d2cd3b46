// The Naive Bayes JS API against the built .wasm: probabilities computed here
// from the formulas of c/ps_nb.h and hand counts, UTF-8 labels and extreme
// inputs, explanations, save/load, streaming and merged training, argument and
// model-file errors, memory stability over 10,000 predictions, byte-identical
// models and predictions with the native build (tests/c/tool_nb.c), and the
// validation accuracy on the IMDB training file when ../shared/data is present.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, NaiveBayes, NaiveBayesTrainer, NB_DEFAULTS, PaletteSentimentError } from '../../web/index.js';
import { wasm } from '../../web/wasm.js';
import { readRecords } from '../../bin/records.js';
import { splitRows } from '../../bench/split.mjs';

const TOOL = fileURLToPath(new URL('../../build/native/tool_nb', import.meta.url));
const MODEL = fileURLToPath(new URL('../../models/imdb-sentiment.nbm', import.meta.url));
const IMDB = process.env.PS_DATA
  ? join(process.env.PS_DATA, 'imdb', 'train.tsv.gz')
  : fileURLToPath(new URL('../../../shared/data/imdb/train.tsv.gz', import.meta.url));

let tmp;
before(async () => {
  await init();
  tmp = mkdtempSync(join(tmpdir(), 'ps-nb-'));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// ---------- helpers ----------

/** mulberry32: a small seeded PRNG for fixtures (floats in [0, 1)). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];

// Word pools with everything the tokenizer handles: HTML, entities, apostrophes
// (straight, curly, entity), accents and capitals, Greek/Cyrillic, emoji, CJK, digits.
const COMMON = [
  'the', 'a', 'and', 'is', 'it', 'this', 'movie', 'film', 'was', 'of', 'to', 'in', 'not', 'never', "don't",
  "isn't", 'it’s', 'l\'été', 'ÉTÉ', 'Café', 'naïve', 'Ærø', 'ΚΑΛΟ', 'ХОРОШО', '映画', '😀', '👍🏽', '<br /><br />',
  '<b>', '</b>', '<i>really</i>', '&amp;', '&#39;', '&quot;', '&lt;3', '&hellip;', '&nbsp;', 'rock &#39;n&#39; roll',
  '10/10', '7', ',', '.', '!', '?', '...', '—', 'plot', 'actor', 'actors', 'story', 'scene', 'Scene', 'SCENE',
];
const POOLS = {
  pos: ['good', 'great', 'GREAT', 'wonderful', 'loved', 'brilliant', 'fun', 'superb', 'délicieux', 'beautiful', 'best'],
  neg: ['bad', 'awful', 'boring', 'worst', 'waste', 'terrible', 'hated', 'dull', 'mauvais', 'stupid', 'poor'],
  '😐': ['ok', 'okay', 'average', 'fine', 'meh', 'moyen', 'mixed', 'so-so', 'decent', 'bof'],
};
const FIXTURE_LABELS = Object.keys(POOLS);

/** A synthetic review: mostly common words, some of its class, a few of another class. */
function review(rand, label, words) {
  const out = [];
  for (let i = 0; i < words; i++) {
    const r = rand();
    if (r < 0.55) out.push(pick(rand, COMMON));
    else if (r < 0.9) out.push(pick(rand, POOLS[label]));
    else out.push(pick(rand, POOLS[pick(rand, FIXTURE_LABELS)]));
  }
  return out.join(rand() < 0.5 ? ' ' : '  ');
}

/** n labelled rows {text, label} (no tabs or newlines in the text). */
function fixtureRows(n, seed = 7) {
  const rand = prng(seed);
  return Array.from({ length: n }, () => {
    const label = rand() < 0.45 ? 'pos' : rand() < 0.8 ? 'neg' : '😐';
    return { text: review(rand, label, 3 + Math.floor(rand() * 40)), label };
  });
}

/** Asserts fn throws a PaletteSentimentError with this code. */
function assertCode(fn, code) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof PaletteSentimentError, `expected PaletteSentimentError, got ${error}`);
    assert.equal(error.code, code);
    assert.equal(typeof error.status, 'number');
    assert.ok(error.message.length > 0);
    return true;
  });
}

async function assertRejectsCode(promise, code) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof PaletteSentimentError, `expected PaletteSentimentError, got ${error}`);
    assert.equal(error.code, code);
    return true;
  });
}

function assertDistribution(probabilities, labels) {
  assert.deepEqual(Object.keys(probabilities), labels);
  let sum = 0;
  for (const p of Object.values(probabilities)) {
    assert.ok(Number.isFinite(p) && p >= 0 && p <= 1, `probability ${p}`);
    sum += p;
  }
  assert.ok(Math.abs(sum - 1) < 1e-12, `probabilities sum to ${sum}`);
}

/** CRC-32 (IEEE 802.3), bit by bit, independent of the library's table. */
function crc32(bytes) {
  let crc = 0xFFFFFFFF;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xEDB88320 & -(crc & 1));
  }
  return (crc ^ 0xFFFFFFFF) >>> 0;
}

// ---------- the hand-made corpus ----------

// pos: "Good great fun", "good <b>movie</b>", "fun, FUN! fun"; neg: "bad boring movie", "Bad. bad plot".
// Vocabulary (byte order): bad boring fun good great movie plot, V = 7.
const HAND_DOCS = [
  ['Good great fun', 'pos'], ['good <b>movie</b>', 'pos'], ['fun, FUN! fun', 'pos'],
  ['bad boring movie', 'neg'], ['Bad. bad plot', 'neg'],
];
const HAND_VOCAB = ['bad', 'boring', 'fun', 'good', 'great', 'movie', 'plot'];
const HAND_DOCS_PER_CLASS = { pos: 3, neg: 2 };
// Hand counts. Counts mode: pos N = 2+1+4+1 = 8, neg N = 3+1+1+1 = 6.
const HAND_COUNTS = { pos: { good: 2, great: 1, fun: 4, movie: 1 }, neg: { bad: 3, boring: 1, movie: 1, plot: 1 } };
// Binary mode (once per document): pos N = 2+1+2+1 = 6, neg N = 2+1+1+1 = 5.
const HAND_BINARY = { pos: { good: 2, great: 1, fun: 2, movie: 1 }, neg: { bad: 2, boring: 1, movie: 1, plot: 1 } };

/**
 * The weights of ps_nb.h, w[c][t] = log(n[c][t] + alpha) - log(N[c] + alpha V), stored as
 * float32 (32 bits) or quantised per class as FORMAT.md says (8/16 bits).
 */
function handWeights(counts, alpha, bits) {
  const V = HAND_VOCAB.length;
  const weights = {};
  for (const [label, table] of Object.entries(counts)) {
    const N = Object.values(table).reduce((a, b) => a + b, 0);
    const exact = HAND_VOCAB.map((t) => Math.log((table[t] ?? 0) + alpha) - Math.log(N + alpha * V));
    if (bits === 32) {
      weights[label] = exact.map(Math.fround);
    } else {
      const min = Math.min(...exact);
      const scale = (Math.max(...exact) - min) / (2 ** bits - 1);
      weights[label] = exact.map((w) => Math.fround(min + Math.floor((w - min) / scale + 0.5) * scale));
    }
    weights[label].exact = exact;
  }
  return weights;
}

/** score[c] = log prior + sum count * w; softmax; explanation per ps_nb.h. */
function handPredict(weights, tokenCounts) {
  const labels = Object.keys(weights);
  const total = Object.values(HAND_DOCS_PER_CLASS).reduce((a, b) => a + b, 0);
  const scores = labels.map((c) => Math.log(HAND_DOCS_PER_CLASS[c] / total));
  const exactScores = [...scores];
  const explanation = [];
  let evidence = 0;
  for (const [token, count] of Object.entries(tokenCounts)) {
    const id = HAND_VOCAB.indexOf(token);
    if (id < 0) continue;
    evidence += count;
    labels.forEach((c, i) => {
      scores[i] += count * weights[c][id];
      exactScores[i] += count * weights[c].exact[id];
    });
    const ranked = labels.map((c) => weights[c][id]).map((w, i) => [w, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    const weight = count * (ranked[0][0] - ranked[1][0]);
    if (weight > 0) explanation.push({ token, weight, label: labels[ranked[0][1]], id });
  }
  explanation.sort((a, b) => b.weight - a.weight || a.id - b.id);
  const softmax = (s) => {
    const mx = Math.max(...s);
    const e = s.map((x) => Math.exp(x - mx));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / sum);
  };
  return {
    probabilities: softmax(scores), exactScores, evidence,
    explanation: explanation.map(({ token, weight, label }) => ({ token, weight, label })),
  };
}

function assertClose(actual, expected, tolerance, what) {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs expected ${expected} (tolerance ${tolerance})`);
}

describe('hand-computed probabilities', () => {
  const texts = HAND_DOCS.map(([t]) => t);
  const labels = HAND_DOCS.map(([, l]) => l);
  // "Good movie, bad BAD zzz!": good 1, movie 1, bad 2 (zzz unknown)
  const QUERY = 'Good movie, bad BAD zzz!';
  const QUERY_COUNTS = { good: 1, movie: 1, bad: 2, zzz: 1 };

  test('32-bit weights, counts, alpha 1: probabilities, evidence, explanation, priors, top tokens', async () => {
    const model = await NaiveBayes.train(texts, labels, { weightBits: 32 });
    try {
      assert.deepEqual(model.labels, ['pos', 'neg']);
      const info = model.info();
      assert.equal(info.vocabularySize, HAND_VOCAB.length);
      assert.deepEqual(info.classes.map((c) => [c.label, c.documents]), [['pos', 3], ['neg', 2]]);
      assertClose(info.classes[0].prior, 3 / 5, 1e-15, 'prior pos');
      assertClose(info.classes[1].prior, 2 / 5, 1e-15, 'prior neg');

      const weights = handWeights(HAND_COUNTS, 1, 32);
      const expected = handPredict(weights, QUERY_COUNTS);
      const got = model.predict(QUERY);
      assert.equal(got.evidence, 4);
      assertClose(got.probabilities.pos, expected.probabilities[0], 1e-12, 'p(pos)');
      assertClose(got.probabilities.neg, expected.probabilities[1], 1e-12, 'p(neg)');
      assert.equal(got.label, expected.probabilities[0] > expected.probabilities[1] ? 'pos' : 'neg');
      assert.equal(got.explanation.length, expected.explanation.length);
      got.explanation.forEach((entry, i) => {
        assert.equal(entry.token, expected.explanation[i].token);
        assert.equal(entry.label, expected.explanation[i].label);
        assertClose(entry.weight, expected.explanation[i].weight, 1e-12, `explanation ${entry.token}`);
      });
      // By hand: bad 2 × ((log 4 - log 13) - (log 1 - log 15)) = 3.06 → neg; good (log 3 - log 15) - (log 1 - log 13) = 0.96
      // → pos; movie (log 2 - log 13) - (log 2 - log 15) = 0.14 → neg.
      assert.deepEqual(got.explanation.map((e) => [e.token, e.label]), [['bad', 'neg'], ['good', 'pos'], ['movie', 'neg']]);

      // No known token: the priors, with evidence 0.
      for (const text of ['', 'zzz qqq', '?!... —', '<br /><b></b>']) {
        const prior = model.predict(text);
        assert.equal(prior.evidence, 0, text);
        assert.deepEqual(prior.explanation, []);
        assertClose(prior.probabilities.pos, 0.6, 1e-15, `prior for ${JSON.stringify(text)}`);
        assertClose(prior.probabilities.neg, 0.4, 1e-15, `prior for ${JSON.stringify(text)}`);
        assert.equal(prior.label, 'pos');
      }

      // topTokens: strength = w[c][t] - max over other classes, positive only, strongest first.
      for (const [index, label] of ['pos', 'neg'].entries()) {
        const other = index ? 'pos' : 'neg';
        const strengths = HAND_VOCAB.map((token, id) => ({ token, weight: weights[label][id] - weights[other][id] }))
          .filter((e) => e.weight > 0).sort((a, b) => b.weight - a.weight);
        const top = model.topTokens(label, 10);
        assert.deepEqual(top.map((e) => e.token).sort(), strengths.map((e) => e.token).sort());
        top.forEach((e) => assertClose(e.weight, strengths.find((s) => s.token === e.token).weight, 1e-12, `top ${e.token}`));
        for (let i = 1; i < top.length; i++) assert.ok(top[i - 1].weight >= top[i].weight);
        assert.equal(model.topTokens(label, 1).length, 1);
        assert.equal(model.topTokens(label, 1)[0].token, top[0].token);
      }
      assert.deepEqual(model.topTokens('pos').map((e) => e.token), ['fun', 'good', 'great']);
    } finally {
      model.dispose();
    }
  });

  test('16-bit weights: log-odds within the documented quantisation error', async () => {
    const model = await NaiveBayes.train(texts, labels, { alpha: 1 });
    try {
      assert.equal(model.info().options.weightBits, 16);
      const weights = handWeights(HAND_COUNTS, 1, 16);
      const expected = handPredict(weights, QUERY_COUNTS);
      const got = model.predict(QUERY);
      // Each stored weight is within scale/2 (+ float32 rounding) of the exact one.
      const step = (label) => {
        const w = weights[label].exact;
        return (Math.max(...w) - Math.min(...w)) / 65535;
      };
      const tolerance = 4 * (step('pos') + step('neg')) / 2 + 4 * 2 * 3e-7;
      const logOdds = Math.log(got.probabilities.pos / got.probabilities.neg);
      assertClose(logOdds, expected.exactScores[0] - expected.exactScores[1], tolerance, 'log odds');
      // and exactly the quantisation of FORMAT.md
      assertClose(got.probabilities.pos, expected.probabilities[0], 1e-12, 'p(pos) with FORMAT.md quantisation');
    } finally {
      model.dispose();
    }
  });

  test('binary counts, alpha 0.5: presence per document, in training and prediction', async () => {
    const model = await NaiveBayes.train(texts, labels, { binary: true, alpha: 0.5, weightBits: 32 });
    try {
      const weights = handWeights(HAND_BINARY, 0.5, 32);
      // binary: every known token counts once, however often it occurs.
      const expected = handPredict(weights, { good: 1, movie: 1, bad: 1 });
      const got = model.predict(QUERY);
      assert.equal(got.evidence, 3);
      assertClose(got.probabilities.pos, expected.probabilities[0], 1e-12, 'p(pos)');
      assertClose(got.probabilities.neg, expected.probabilities[1], 1e-12, 'p(neg)');
      assert.deepEqual(got.explanation.map((e) => e.token), expected.explanation.map((e) => e.token));
      assert.deepEqual(model.info().options, {
        ngrams: [1, 1], alpha: 0.5, binary: true, minDf: 1, maxFeatures: 0, stopwords: false, negation: false, weightBits: 32,
      });
    } finally {
      model.dispose();
    }
  });

  test('NB_DEFAULTS are the documented defaults and what an untuned model reports', async () => {
    assert.deepEqual(NB_DEFAULTS, {
      ngrams: [1, 1], alpha: 1, binary: false, minDf: 1, maxFeatures: 0, stopwords: false, negation: false, weightBits: 16,
    });
    assert.ok(Object.isFrozen(NB_DEFAULTS));
    const model = await NaiveBayes.train(texts, labels);
    try {
      assert.deepEqual(model.info().options, { ...NB_DEFAULTS, ngrams: [1, 1] });
    } finally {
      model.dispose();
    }
  });
});

// ---------- three classes, UTF-8 labels, extreme inputs ----------

const FR = [
  ['Un film génial, une histoire magnifique et des acteurs superbes.', 'positif'],
  ['J\'ai adoré : génial, drôle, émouvant !', 'positif'],
  ['Magnifique ! Superbe mise en scène.', 'positif'],
  ['Nul, ennuyeux et trop long. Une catastrophe.', 'négatif'],
  ['Très mauvais film, acteurs nuls, histoire ennuyeuse.', 'négatif'],
  ['Ennuyeux. Nul. À éviter.', 'négatif'],
  ['Bof, moyen, ni bon ni mauvais.', '😐'],
  ['Un film moyen, correct sans plus.', '😐'],
];

describe('three classes with UTF-8 labels', () => {
  let model;
  before(async () => {
    model = await NaiveBayes.train(FR.map(([t]) => t), FR.map(([, l]) => l), { ngrams: [1, 2] });
  });
  after(() => model?.dispose());

  test('labels in order of first appearance; clear texts classified', () => {
    assert.deepEqual(model.labels, ['positif', 'négatif', '😐']);
    assert.deepEqual(model.info().classes.map((c) => c.documents), [3, 3, 2]);
    assert.equal(model.predict('Génial, magnifique, superbe !').label, 'positif');
    assert.equal(model.predict('ENNUYEUX et nul').label, 'négatif');
    assert.equal(model.predict('bof, moyen').label, '😐');
    for (const text of ['Génial, magnifique, superbe !', 'ENNUYEUX et nul', 'bof, moyen']) {
      assertDistribution(model.predict(text).probabilities, model.labels);
    }
  });

  test('probabilities finite and summing to 1 for 100,000-word texts', () => {
    const words = ['génial', 'nul', 'bof', 'film', 'inconnu', 'superbe', 'ennuyeux'];
    const rand = prng(3);
    const mixed = Array.from({ length: 100_000 }, () => pick(rand, words)).join(' ');
    const one = Array(100_000).fill('nul').join(' ');
    for (const text of [mixed, one]) {
      const p = model.predict(text);
      assertDistribution(p.probabilities, model.labels);
      assert.ok(p.evidence > 50_000, `evidence ${p.evidence}`);
    }
    const p = model.predict(one);
    assert.equal(p.label, 'négatif');
    assert.equal(p.evidence, 100_000, '"nul" counts 100,000 times; the bigram "nul nul" was never seen');
    assert.equal(p.probabilities['négatif'], 1);
  });

  test('no known token (empty, punctuation, emoji, unknown words): the priors with evidence 0', () => {
    const priors = model.info().classes.map((c) => c.documents / FR.length);
    for (const text of ['', '   ', '!!! ?? ... ;: — « » … 😀 👍🏽', 'xyzzy plugh', '<p></p><br />&amp;']) {
      const p = model.predict(text);
      assert.equal(p.evidence, 0, JSON.stringify(text));
      assert.deepEqual(p.explanation, []);
      assertDistribution(p.probabilities, model.labels);
      model.labels.forEach((label, i) => assertClose(p.probabilities[label], priors[i], 1e-15, `${label} prior`));
      assert.equal(p.label, 'positif', 'ties between priors go to the first class');
    }
  });

  test('numeric labels become strings', async () => {
    const m = await NaiveBayes.train(['good fun', 'bad dull', 'great'], [1, 0, 1]);
    try {
      assert.deepEqual(m.labels, ['1', '0']);
      assert.equal(m.predict('good').label, '1');
    } finally {
      m.dispose();
    }
  });
});

// ---------- explanation and top tokens ----------

describe('explanation', () => {
  test('tokens are tokens of the text, weights positive and sorted descending, explain limits the count', async () => {
    const rows = fixtureRows(300);
    const model = await NaiveBayes.train(rows.map((r) => r.text), rows.map((r) => r.label), { ngrams: [1, 2] });
    try {
      const text = 'This movie was not good, but the actors were great and the story wonderful; boring plot though. xyzzy';
      const words = text.toLowerCase().split(/[^a-z']+/).filter(Boolean);
      const tokens = new Set([...words, ...words.slice(1).map((w, i) => `${words[i]} ${w}`)]);
      const p = model.predict(text, { explain: 1000 });
      assert.ok(p.explanation.length > 5);
      for (const e of p.explanation) {
        assert.ok(tokens.has(e.token), `explanation token ${JSON.stringify(e.token)} is not a token of the text`);
        assert.ok(model.labels.includes(e.label));
        assert.ok(e.weight > 0);
      }
      assert.ok(p.explanation.length <= tokens.size);
      assert.equal(new Set(p.explanation.map((e) => e.token)).size, p.explanation.length, 'each token once');
      for (let i = 1; i < p.explanation.length; i++) assert.ok(p.explanation[i - 1].weight >= p.explanation[i].weight);
      assert.deepEqual(model.predict(text).explanation, p.explanation.slice(0, 10), 'default: the top 10');
      assert.deepEqual(model.predict(text, { explain: 3 }).explanation, p.explanation.slice(0, 3));
      assert.deepEqual(model.predict(text, { explain: 0 }).explanation, []);
      assert.deepEqual(model.predict(text, { explain: 0 }).probabilities, p.probabilities, 'explain does not change probabilities');

      // top tokens of each class are words of that class's pool (the fixture's signal)
      for (const label of model.labels) {
        const top = model.topTokens(label, 5);
        assert.equal(top.length, 5);
        for (let i = 1; i < top.length; i++) assert.ok(top[i - 1].weight >= top[i].weight);
        const pool = new Set(POOLS[label].map((w) => w.toLowerCase()));
        assert.ok(top.some((e) => pool.has(e.token)), `${label}: ${top.map((e) => e.token)}`);
        assert.ok(top.every((e) => e.weight > 0));
      }
    } finally {
      model.dispose();
    }
  });
});

// ---------- save / load / info ----------

describe('save and load', () => {
  test('load(save()) predicts identically and re-saves the same bytes; info shows options, classes, metadata', async () => {
    const options = { ngrams: [1, 2], alpha: 0.25, binary: true, minDf: 2, maxFeatures: 500, negation: true, weightBits: 8,
      metadata: { data: 'fixture', 'clé ✓': 'valeur 😐' } };
    const rows = fixtureRows(400, 11);
    const model = await NaiveBayes.train(rows.map((r) => r.text), rows.map((r) => r.label), options);
    const bytes = model.save();
    try {
      // format framing (FORMAT.md): magic, version 1.0, file length, CRC-32
      assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x53, 0x4E, 0x42, 0x0D, 0x0A, 0x1A]);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      assert.equal(view.getUint16(8, true), 1);
      assert.equal(view.getUint16(10, true), 0);
      assert.equal(view.getUint32(12, true), bytes.length);
      assert.equal(view.getUint32(bytes.length - 4, true), crc32(bytes.subarray(0, bytes.length - 4)));

      const info = model.info();
      assert.deepEqual(info.options, { ngrams: [1, 2], alpha: 0.25, binary: true, minDf: 2, maxFeatures: 500, stopwords: false, negation: true, weightBits: 8 });
      assert.equal(info.vocabularySize, 500);
      assert.deepEqual(info.metadata, { data: 'fixture', 'clé ✓': 'valeur 😐' });
      const counts = Object.fromEntries(FIXTURE_LABELS.map((l) => [l, rows.filter((r) => r.label === l).length]));
      assert.deepEqual(info.classes.map((c) => c.label), model.labels);
      for (const c of info.classes) {
        assert.equal(c.documents, counts[c.label]);
        assertClose(c.prior, counts[c.label] / rows.length, 1e-14, `prior ${c.label}`);
      }

      const texts = [...fixtureRows(50, 99).map((r) => r.text), '', 'not good at all', '😀'];
      const loaded = NaiveBayes.load(bytes);
      try {
        assert.deepEqual(loaded.info(), info);
        assert.deepEqual(loaded.predictMany(texts, { explain: 20 }), model.predictMany(texts, { explain: 20 }));
        assert.deepEqual(loaded.save(), bytes);
        assert.deepEqual(loaded.topTokens('neg', 20), model.topTokens('neg', 20));

        // metadata set after training is saved, replaces a key, and keeps insertion order
        loaded.setMetadata('validation_accuracy', '0.9').setMetadata('data', 'fixture v2');
        const resaved = NaiveBayes.load(loaded.save());
        try {
          assert.deepEqual(resaved.info().metadata, { data: 'fixture v2', 'clé ✓': 'valeur 😐', validation_accuracy: '0.9' });
          assert.deepEqual(resaved.predict(texts[0]), model.predict(texts[0]));
        } finally {
          resaved.dispose();
        }
      } finally {
        loaded.dispose();
      }

      // ArrayBuffer and a Buffer at an odd offset load too
      const copy = bytes.slice();
      const fromBuffer = NaiveBayes.load(copy.buffer);
      const padded = Buffer.concat([Buffer.from('xyz'), Buffer.from(bytes)]).subarray(3);
      const fromNodeBuffer = NaiveBayes.load(padded);
      try {
        assert.deepEqual(fromBuffer.save(), bytes);
        assert.deepEqual(fromNodeBuffer.save(), bytes);
      } finally {
        fromBuffer.dispose();
        fromNodeBuffer.dispose();
      }
    } finally {
      model.dispose();
    }
  });

  test('finish({metadata}) overrides the training metadata', async () => {
    const trainer = new NaiveBayesTrainer({ metadata: { a: '1' } });
    try {
      trainer.addMany(HAND_DOCS.map(([text, label]) => ({ text, label })));
      const m1 = trainer.finish();
      const m2 = trainer.finish({ metadata: { b: '2' } });
      assert.deepEqual(m1.info().metadata, { a: '1' });
      assert.deepEqual(m2.info().metadata, { b: '2' });
      m1.dispose();
      m2.dispose();
    } finally {
      trainer.dispose();
    }
  });
});

// ---------- streaming and merge ----------

describe('streaming and merged training', () => {
  const OPTIONS = { ngrams: [1, 2], binary: true, minDf: 2, weightBits: 16 };

  test('an async generator of batches gives the same model bytes as arrays', async () => {
    const rows = fixtureRows(500, 5);
    const fromArrays = await NaiveBayes.train(rows.map((r) => r.text), rows.map((r) => r.label), OPTIONS);
    async function* batches() {
      const rand = prng(17);
      for (let i = 0; i < rows.length;) {
        const size = 1 + Math.floor(rand() * 37);
        if (size === 1) yield rows[i]; // a single record now and then
        else yield rows.slice(i, i + size);
        i += size;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const streamed = await NaiveBayes.train(batches(), OPTIONS);
    const fromRecords = await NaiveBayes.train(rows, OPTIONS); // a sync iterable of records
    try {
      const bytes = fromArrays.save();
      assert.deepEqual(streamed.save(), bytes);
      assert.deepEqual(fromRecords.save(), bytes);
    } finally {
      fromArrays.dispose();
      streamed.dispose();
      fromRecords.dispose();
    }
  });

  test('NaiveBayesTrainer.merge(a, b) equals training on a + b', async () => {
    const rows = fixtureRows(500, 21);
    // the first shard has no "😐" document: merge must append the new class
    const a = rows.slice(0, 200).filter((r) => r.label !== '😐');
    const b = [...rows.slice(0, 200).filter((r) => r.label === '😐'), ...rows.slice(200)];
    const whole = await NaiveBayes.train([...a, ...b].map((r) => r.text), [...a, ...b].map((r) => r.label), OPTIONS);
    const ta = new NaiveBayesTrainer(OPTIONS).addMany(a);
    const tb = new NaiveBayesTrainer(OPTIONS).addMany(b.map((r) => r.text), b.map((r) => r.label));
    try {
      const bDocs = tb.documents;
      const bVocab = tb.vocabularySize;
      assert.equal(ta.merge(tb), ta);
      assert.equal(ta.documents, a.length + b.length);
      assert.equal(tb.documents, bDocs, 'the source is unchanged');
      assert.equal(tb.vocabularySize, bVocab);
      assert.ok(ta.vocabularySize >= bVocab);
      const merged = ta.finish();
      try {
        assert.deepEqual(merged.labels, whole.labels);
        assert.deepEqual(merged.save(), whole.save());
      } finally {
        merged.dispose();
      }
      // different options cannot merge
      const other = new NaiveBayesTrainer({ ...OPTIONS, alpha: 2 });
      try {
        assertCode(() => ta.merge(other), 'NB_MISMATCH');
      } finally {
        other.dispose();
      }
      assert.throws(() => ta.merge(ta), RangeError);
      assert.throws(() => ta.merge({}), TypeError);
    } finally {
      ta.dispose();
      tb.dispose();
      whole.dispose();
    }
  });
});

// ---------- errors ----------

describe('errors', () => {
  let model;
  let bytes;
  before(async () => {
    model = await NaiveBayes.train(HAND_DOCS.map(([t]) => t), HAND_DOCS.map(([, l]) => l));
    bytes = model.save();
  });
  after(() => model?.dispose());

  const texts = ['good', 'bad'];
  const labels = ['pos', 'neg'];
  const rejects = (args, type, pattern) => assert.rejects(NaiveBayes.train(...args), (error) => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${error}`);
    assert.match(error.message, pattern);
    return true;
  });

  test('wrong training arguments: TypeError / RangeError naming the argument', async () => {
    await rejects([texts, ['pos']], RangeError, /labels/);
    await rejects([['good', 42], labels], TypeError, /texts\[1\]/);
    await rejects([['good', null], labels], TypeError, /texts\[1\]/);
    await rejects([texts, ['pos', '']], RangeError, /labels\[1\]/);
    await rejects([texts, ['pos', {}]], TypeError, /labels\[1\]/);
    await rejects([texts, labels, { ngrams: [0, 2] }], RangeError, /ngrams/);
    await rejects([texts, labels, { ngrams: [3, 1] }], RangeError, /ngrams/);
    await rejects([texts, labels, { ngrams: [1, 4] }], RangeError, /ngrams/);
    await rejects([texts, labels, { ngrams: '1-2' }], TypeError, /ngrams/);
    await rejects([texts, labels, { alpha: -1 }], RangeError, /alpha/);
    await rejects([texts, labels, { alpha: 0 }], RangeError, /alpha/);
    await rejects([texts, labels, { alpha: NaN }], RangeError, /alpha/);
    await rejects([texts, labels, { alpha: '1' }], TypeError, /alpha/);
    await rejects([texts, labels, { weightBits: 12 }], RangeError, /weightBits/);
    await rejects([texts, labels, { minDf: 0 }], RangeError, /minDf/);
    await rejects([texts, labels, { minDf: 1.5 }], RangeError, /minDf/);
    await rejects([texts, labels, { maxFeatures: -1 }], RangeError, /maxFeatures/);
    await rejects([texts, labels, { binary: 1 }], TypeError, /binary/);
    await rejects([texts, labels, { stopwords: 'yes' }], TypeError, /stopwords/);
    await rejects([texts, labels, { bigrams: true }], TypeError, /bigrams/);
    await rejects([texts, labels, { metadata: { k: 1 } }], TypeError, /metadata\.k/);
    await rejects([texts, labels, 'fast'], TypeError, /options/);
    await rejects(['good'], TypeError, /NaiveBayes\.train/);
    await rejects([null], TypeError, /NaiveBayes\.train/);
    await rejects([texts], TypeError, /records\[0\]/);
    assert.throws(() => new NaiveBayesTrainer({ weightBits: 4 }), RangeError);
    assert.throws(() => new NaiveBayes(0), TypeError);
  });

  test('wrong prediction and model arguments', () => {
    assert.throws(() => model.predict(42), { name: 'TypeError', message: /text/ });
    assert.throws(() => model.predict(), { name: 'TypeError', message: /text/ });
    assert.throws(() => model.predict('x', { explain: -1 }), { name: 'RangeError', message: /explain/ });
    assert.throws(() => model.predict('x', { explain: 1.5 }), { name: 'RangeError', message: /explain/ });
    assert.throws(() => model.predict('x', { explain: 1001 }), { name: 'RangeError', message: /explain/ });
    assert.throws(() => model.predictMany('good'), { name: 'TypeError', message: /texts/ });
    assert.throws(() => model.predictMany(['good', 3]), { name: 'TypeError', message: /texts\[1\]/ });
    assert.throws(() => model.topTokens('nope'), { name: 'RangeError', message: /label/ });
    assert.throws(() => model.topTokens('pos', 0), { name: 'RangeError', message: /\bn\b/ });
    assert.throws(() => model.setMetadata('', 'x'), TypeError);
    assert.throws(() => model.setMetadata('k', 5), TypeError);
    assert.throws(() => NaiveBayes.load('model.nbm'), { name: 'TypeError', message: /bytes/ });
    assert.throws(() => NaiveBayes.load([1, 2, 3]), { name: 'TypeError', message: /bytes/ });
  });

  test('fewer than 2 classes, no document, or every token pruned: NB_NO_DATA', async () => {
    await assertRejectsCode(NaiveBayes.train(['good', 'great'], ['pos', 'pos']), 'NB_NO_DATA');
    await assertRejectsCode(NaiveBayes.train([], []), 'NB_NO_DATA');
    await assertRejectsCode(NaiveBayes.train((async function* empty() {})(), {}), 'NB_NO_DATA');
    await assertRejectsCode(NaiveBayes.train(['good', 'bad'], ['pos', 'neg'], { minDf: 2 }), 'NB_NO_DATA');
  });

  test('bad model bytes: MODEL_MAGIC, MODEL_TRUNCATED, MODEL_CHECKSUM, MODEL_VERSION', () => {
    const rand = prng(1);
    const garbage = Uint8Array.from({ length: 256 }, () => Math.floor(rand() * 256));
    garbage[0] = 0x50;
    assertCode(() => NaiveBayes.load(garbage), 'MODEL_MAGIC');
    assertCode(() => NaiveBayes.load(new TextEncoder().encode('{"labels": ["pos", "neg"], "weights": []}')), 'MODEL_MAGIC');
    assertCode(() => NaiveBayes.load(new Uint8Array(0)), 'MODEL_TRUNCATED');
    assertCode(() => NaiveBayes.load(bytes.subarray(0, 5)), 'MODEL_TRUNCATED');
    assertCode(() => NaiveBayes.load(bytes.subarray(0, bytes.length >> 1)), 'MODEL_TRUNCATED');
    assertCode(() => NaiveBayes.load(bytes.subarray(0, bytes.length - 1)), 'MODEL_TRUNCATED');
    const flipped = bytes.slice();
    flipped[bytes.length >> 1] ^= 0x10;
    assertCode(() => NaiveBayes.load(flipped), 'MODEL_CHECKSUM');
    const crc = bytes.slice();
    crc[crc.length - 1] ^= 1;
    assertCode(() => NaiveBayes.load(crc), 'MODEL_CHECKSUM');
    const major = bytes.slice();
    major[8] = 2;
    assertCode(() => NaiveBayes.load(major), 'MODEL_VERSION');
  });

  test('every truncation and every byte flip is an error, never a crash', () => {
    for (let n = 0; n < bytes.length; n++) {
      assert.throws(() => NaiveBayes.load(bytes.subarray(0, n)), (e) => e instanceof PaletteSentimentError && /^MODEL_/.test(e.code));
    }
    for (let i = 0; i < bytes.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const copy = bytes.slice();
        copy[i] ^= bit;
        assert.throws(() => NaiveBayes.load(copy), (e) => e instanceof PaletteSentimentError && /^MODEL_/.test(e.code), `byte ${i}`);
      }
    }
    // the original still loads and predicts
    const again = NaiveBayes.load(bytes);
    assert.deepEqual(again.predict('good fun'), model.predict('good fun'));
    again.dispose();
  });

  test('dispose() is idempotent; using a disposed model or trainer throws', async () => {
    const m = await NaiveBayes.train(HAND_DOCS.map(([t]) => t), HAND_DOCS.map(([, l]) => l));
    m.predict('good');
    m.dispose();
    m.dispose();
    for (const use of [
      () => m.predict('good'), () => m.predictMany(['good']), () => m.predictMany([]), () => m.save(), () => m.info(),
      () => m.labels, () => m.topTokens('pos'), () => m.setMetadata('k', 'v'),
    ]) {
      assert.throws(use, /dispose/, String(use));
    }
    const t = new NaiveBayesTrainer();
    t.add('good', 'pos');
    t.dispose();
    t.dispose();
    const live = new NaiveBayesTrainer();
    try {
      for (const use of [
        () => t.add('good', 'pos'), () => t.addMany([]), () => t.finish(), () => t.documents, () => t.vocabularySize,
        () => live.merge(t), () => t.merge(live),
      ]) {
        assert.throws(use, /dispose/, String(use));
      }
    } finally {
      live.dispose();
    }
  });
});

// ---------- memory ----------

describe('memory', () => {
  test('10,000 predictions (with occasional 100 KB texts) leave the WebAssembly memory size unchanged', async () => {
    const rows = fixtureRows(300, 8);
    const model = await NaiveBayes.train(rows.map((r) => r.text), rows.map((r) => r.label), { ngrams: [1, 2] });
    try {
      const rand = prng(12);
      const short = fixtureRows(200, 13).map((r) => r.text);
      let big = '';
      while (big.length < 100_000) big += `${review(rand, 'pos', 50)} `;
      const texts = Array.from({ length: 10_000 }, (_, i) => (i % 100 === 50 ? big : short[i % short.length]));
      const explainOf = (i) => [0, 3, 10][i % 3];
      // warm-up: every kind of call once
      for (let i = 0; i < 300; i++) model.predict(texts[i], { explain: explainOf(i) });
      model.predictMany(short.slice(0, 10));
      const size = wasm().memory.buffer.byteLength;
      // a leak too small to grow the memory still moves where the next block lands
      const probe = () => {
        const ptr = wasm().ps_alloc(4096);
        wasm().ps_free(ptr);
        return ptr;
      };
      const before = probe();
      let positives = 0;
      for (let i = 0; i < texts.length; i++) {
        const p = model.predict(texts[i], { explain: explainOf(i) });
        if (p.label === 'pos') positives++;
      }
      assert.ok(positives > 0);
      assert.equal(wasm().memory.buffer.byteLength, size, 'memory grew during 10,000 predictions');
      assert.equal(probe(), before, 'the heap changed shape during 10,000 predictions (a leak?)');
    } finally {
      model.dispose();
    }
  });
});

// ---------- native vs WebAssembly ----------

describe('native vs WebAssembly', () => {
  const SETS = [
    { ngrams: [1, 1], binary: false, alpha: 1, minDf: 1, maxFeatures: 0, stopwords: false, negation: false, weightBits: 16 },
    { ngrams: [1, 3], binary: true, alpha: 0.5, minDf: 2, maxFeatures: 0, stopwords: false, negation: false, weightBits: 8 },
    { ngrams: [2, 3], binary: false, alpha: 0.1, minDf: 1, maxFeatures: 300, stopwords: true, negation: true, weightBits: 32 },
  ];

  function parseNative(out, labels) {
    const results = [];
    for (const line of out.split('\n')) {
      if (line.startsWith('P ')) {
        const [, label, evidence, ...probs] = line.split(' ');
        results.push({
          label: labels[Number(label)], evidence: Number(evidence),
          probabilities: Object.fromEntries(probs.map((p, c) => [labels[c], Number(p)])), explanation: [],
        });
      } else if (line.startsWith('E ')) {
        const [, cls, weight] = line.split(' ', 3);
        const token = line.slice(4 + cls.length + weight.length);
        results.at(-1).explanation.push({ token, weight: Number(weight), label: labels[Number(cls)] });
      }
    }
    return results;
  }

  for (const [index, options] of SETS.entries()) {
    test(`identical model bytes and predictions, option set ${index + 1}: ${JSON.stringify(options)}`, async (t) => {
      if (!existsSync(TOOL)) {
        t.skip(`${TOOL} is missing: run make build/native/tool_nb`);
        return;
      }
      const rows = fixtureRows(400, 31 + index);
      const rowsFile = join(tmp, `rows-${index}.tsv`);
      writeFileSync(rowsFile, rows.map((r) => `${r.label}\t${r.text}\n`).join(''));
      const nativeModel = join(tmp, `native-${index}.nbm`);
      const o = options;
      execFileSync(TOOL, ['train', rowsFile, nativeModel, o.ngrams[0], o.ngrams[1], +o.binary, o.alpha, o.minDf,
        o.maxFeatures, +o.stopwords, +o.negation, o.weightBits].map(String));
      const model = await NaiveBayes.train(rows.map((r) => r.text), rows.map((r) => r.label), options);
      try {
        const bytes = model.save();
        assert.deepEqual(new Uint8Array(readFileSync(nativeModel)), bytes, 'model files differ');

        const rand = prng(100 + index);
        const texts = [
          ...fixtureRows(60, 200 + index).map((r) => r.text),
          '', '!!! ... ???', 'xyzzy plugh', '<br /><b></b>&amp;', 'not good, never boring &#39;n&#39; ÉTÉ 😀',
          Array.from({ length: 5000 }, () => pick(rand, [...COMMON, ...POOLS.pos, ...POOLS.neg])).join(' '),
        ];
        const textsFile = join(tmp, `texts-${index}.txt`);
        writeFileSync(textsFile, texts.map((text) => `${text}\n`).join(''));
        const out = execFileSync(TOOL, ['predict', nativeModel, textsFile, '25'], { encoding: 'utf8', maxBuffer: 64 << 20 });
        const native = parseNative(out, model.labels);
        assert.equal(native.length, texts.length);
        const js = model.predictMany(texts, { explain: 25 });
        texts.forEach((text, i) => {
          assert.deepEqual(js[i], native[i], `text ${i}: ${text.slice(0, 60)}`);
        });
        assert.ok(js.some((p) => p.explanation.length > 0));
        assert.ok(js.some((p) => p.evidence === 0));
      } finally {
        model.dispose();
      }
    });
  }
});

// ---------- the IMDB data and the shipped model ----------

describe('IMDB data', () => {
  test('80/20 split (seed 42), shipped options: validation accuracy >= 0.885', { timeout: 120_000 }, async (t) => {
    if (!existsSync(IMDB)) {
      t.skip(`${IMDB} is absent (set PS_DATA): accuracy floor not checked`);
      return;
    }
    const rows = [];
    for await (const batch of readRecords(IMDB, { text: 'review', label: 'sentiment', batchSize: 5000 })) rows.push(...batch);
    assert.equal(rows.length, 25_000);
    const { train, validation } = splitRows(rows, { seed: 42 });
    assert.equal(validation.length, 5000);
    const model = await NaiveBayes.train(train.map((r) => r.text), train.map((r) => r.label),
      { ngrams: [1, 3], binary: true, minDf: 3, alpha: 0.5, weightBits: 8 });
    try {
      let correct = 0;
      for (const row of validation) if (model.predict(row.text, { explain: 0 }).label === row.label) correct++;
      const accuracy = correct / validation.length;
      // Measured: ~0.894 with these options (the shipped ones); the floor leaves room for small changes.
      t.diagnostic(`validation accuracy ${accuracy.toFixed(4)}`);
      assert.ok(accuracy >= 0.885, `validation accuracy ${accuracy} < 0.885`);
    } finally {
      model.dispose();
    }
  });

  test('the shipped model classifies clear reviews and carries its validation accuracy', async (t) => {
    if (!existsSync(MODEL)) {
      t.skip(`${MODEL} is absent: run make model`);
      return;
    }
    const model = NaiveBayes.load(readFileSync(MODEL));
    try {
      const [negative, positive] = ['0', '1'];
      assert.deepEqual([...model.labels].sort(), [negative, positive]);
      const good = model.predict('One of the best films I have ever seen. Brilliant acting, a wonderful, moving story and a superb score. '
        + 'I loved every minute of it and will watch it again. A masterpiece, highly recommended! 10/10');
      const bad = model.predict('The worst movie I have ever seen. Boring, stupid plot, awful acting and terrible dialogue. '
        + 'A complete waste of time and money; I walked out after an hour. Avoid it. 1/10');
      assert.equal(good.label, positive);
      assert.equal(bad.label, negative);
      assert.ok(good.probabilities[positive] > 0.99 && bad.probabilities[negative] > 0.99);
      const { metadata } = model.info();
      const key = Object.keys(metadata).find((k) => /accuracy/i.test(k));
      assert.ok(key, `no accuracy in the metadata: ${Object.keys(metadata).join(', ')}`);
      const accuracy = parseFloat(metadata[key].match(/\d*\.\d+/)?.[0]);
      assert.ok(accuracy >= 0.885 && accuracy <= 1, `metadata ${key} = ${metadata[key]}`);
    } finally {
      model.dispose();
    }
  });
});
