// The Naive Bayes JS API on inputs it accepts: probabilities computed here from
// the formulas of c/ps_nb.h and hand counts, three classes with UTF-8 labels and
// extreme inputs, explanations and top tokens, save/load round trips and
// metadata, streaming and merged training. Wrong arguments go in
// nb-validation.test.js, damaged model files in nb-model-file.test.js, leaks in
// memory.test.js.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { init, NaiveBayes, NaiveBayesTrainer, NB_DEFAULTS } from '../../web/index.js';
import { WORDS } from '../../web/naive-bayes.js';
import { nfcMapped } from '../../web/text.js';
import { highlightSpans } from '../../web/review-checker/highlight.js';
import { C } from '../../web/c-constants.js';
import { crc32 } from './fixtures.js';
import { TOKENIZER_1 } from '../../scripts/model-options.mjs';
import { assertCode, FIXTURE_LABELS, fixtureRows, HAND_DOCS, pick, POOLS, prng } from './nb-fixtures.js';

before(() => init());

function assertDistribution(probabilities, labels) {
  assert.deepEqual(Object.keys(probabilities), labels);
  let sum = 0;
  for (const p of Object.values(probabilities)) {
    assert.ok(Number.isFinite(p) && p >= 0 && p <= 1, `probability ${p}`);
    sum += p;
  }
  assert.ok(Math.abs(sum - 1) < 1e-12, `probabilities sum to ${sum}`);
}

// ---------- the hand-made corpus (HAND_DOCS, nb-fixtures.js) ----------

// Vocabulary (byte order): bad boring fun good great movie plot, V = 7.
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

// ---------- hand-computed probabilities ----------

const HAND_TEXTS = HAND_DOCS.map(([t]) => t);
const HAND_LABELS = HAND_DOCS.map(([, l]) => l);
// "Good movie, bad BAD zzz!": good 1, movie 1, bad 2 (zzz unknown)
const QUERY = 'Good movie, bad BAD zzz!';
const QUERY_COUNTS = { good: 1, movie: 1, bad: 2, zzz: 1 };

test('32-bit weights, counts, alpha 1: probabilities, evidence, explanation, priors, top tokens', async () => {
  const model = await NaiveBayes.train(HAND_TEXTS, HAND_LABELS, { weightBits: 32 });
  try {
    assert.deepEqual(model.labels, ['neg', 'pos'], 'classes in label order');
    const info = model.info();
    assert.equal(info.vocabularySize, HAND_VOCAB.length);
    assert.deepEqual(info.classes.map((c) => [c.label, c.documents]), [['neg', 2], ['pos', 3]]);
    assertClose(info.classes[1].prior, 3 / 5, 1e-15, 'prior pos');
    assertClose(info.classes[0].prior, 2 / 5, 1e-15, 'prior neg');

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
  const model = await NaiveBayes.train(HAND_TEXTS, HAND_LABELS, { alpha: 1 });
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
  const model = await NaiveBayes.train(HAND_TEXTS, HAND_LABELS, { binary: true, alpha: 0.5, weightBits: 32 });
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
      charNgrams: [1, 2], emoji: true, unicodeCase: true, foldAccents: false,
    });
  } finally {
    model.dispose();
  }
});

test('NB_DEFAULTS are the documented defaults and what an untuned model reports', async () => {
  const nb = {
    ngrams: [1, 1], alpha: 1, binary: false, minDf: 1, maxFeatures: 0, stopwords: false, negation: false, weightBits: 16,
    charNgrams: [1, 2], emoji: true, unicodeCase: true, foldAccents: false,
  };
  assert.deepEqual(NB_DEFAULTS, { ...nb, kind: 'nb', l2: 10, epochs: 5, nbMix: 0, seed: 0, pieces: 0 });
  assert.ok(Object.isFrozen(NB_DEFAULTS));
  const model = await NaiveBayes.train(HAND_TEXTS, HAND_LABELS);
  try {
    assert.deepEqual(model.info().options, nb); // an NB model's options: its kind and the regression's are not NB's
    assert.equal(model.info().kind, 'nb');
  } finally {
    model.dispose();
  }
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

  test('labels in the order of their bytes; clear texts classified', () => {
    assert.deepEqual(model.labels, ['négatif', 'positif', '😐']);
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
      assert.equal(p.label, 'négatif', 'ties between priors go to the first class');
    }
  });

  test('numeric labels become strings', async () => {
    const m = await NaiveBayes.train(['good fun', 'bad dull', 'great'], [1, 0, 1]);
    try {
      assert.deepEqual(m.labels, ['0', '1']);
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
      // a larger explain than before makes a new prediction, maybe at the old one's address: the results are still right
      const again = await NaiveBayes.train(rows.map((r) => r.text), rows.map((r) => r.label), { ngrams: [1, 2] });
      try {
        for (const n of [1, 10, 11, 32, 1000]) assert.deepEqual(again.predict(text, { explain: n }).explanation, p.explanation.slice(0, n), `explain ${n}`);
      } finally {
        again.dispose();
      }

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
      ...TOKENIZER_1, metadata: { data: 'fixture', 'clé ✓': 'valeur 😐' } };
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
      assert.deepEqual(info.options, { ngrams: [1, 2], alpha: 0.25, binary: true, minDf: 2, maxFeatures: 500, stopwords: false, negation: true, weightBits: 8, ...TOKENIZER_1 });
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

// ---------- the words behind the widget's highlights (model[WORDS]) ----------

test('highlights: a character n-gram lights the characters it covers as one stretch, an emoji is one unit', async () => {
  const model = await NaiveBayes.train(['可口 👍🏽 great', '难吃 😡 awful', '很可口 👍', '太难吃 😡'], ['pos', 'neg', 'pos', 'neg']);
  try {
    const text = '可口！👍🏾 😡';
    const spans = highlightSpans(model[WORDS](text), model.predict(text, { explain: 32 }).explanation, model.info().options);
    assert.deepEqual(spans.map((s) => [text.slice(s.start, s.end), s.label]), [['可口', 'pos'], ['👍🏾', 'pos'], ['😡', 'neg']]);
    assert.ok(spans[0].tokens.includes('可口'), JSON.stringify(spans[0]));
    assert.deepEqual(spans[1].tokens, ['👍'], 'the skin tone is folded, and highlighted with its emoji');
  } finally {
    model.dispose();
  }
});

test('highlights: a phrase that weighs enough on its own lights its words, though each gets only its share', () => {
  // hand-made words and explanation: "not good" weighs 0.40 towards neg, 0.20 a word, under minStrength 0.25
  const text = 'it was not good at all';
  const words = [...text.matchAll(/\S+/g)].map((m) => ({ token: m[0], start: m.index, end: m.index + m[0].length, flags: 0 }));
  const explanation = [{ token: 'not good', label: 'neg', weight: 0.4 }, { token: 'at all', label: 'neg', weight: 0.18 }];
  const spans = highlightSpans(words, explanation, { ngrams: [1, 3] });
  assert.deepEqual(spans.map((s) => [text.slice(s.start, s.end), s.label, s.tokens]), [['not good', 'neg', ['not good']]]);
  // a phrase weak as a whole lights nothing
  assert.deepEqual(highlightSpans(words, [{ token: 'not good', label: 'neg', weight: 0.2 }], { ngrams: [1, 3] }), []);
});

test('model[WORDS]: the tokenizer\'s words with UTF-16 spans, from C', async () => {
  const model = await NaiveBayes.train(['not good', 'bad'], ['neg', 'pos'], { negation: true });
  try {
    const text = '😀 Not the ÉTÉ &amp; caf&#233;!\uD800 Don’t 好看👍🏽';
    const words = model[WORDS](text);
    assert.deepEqual(words.map((w) => [w.token, text.slice(w.start, w.end), w.flags]), [
      ['😀', '😀', 0],
      ['not', 'Not', C.TOK_WORD_NEGATOR],
      ['!the', 'the', C.TOK_WORD_NEGATED | C.TOK_WORD_FUNCTION],
      ['!été', 'ÉTÉ', C.TOK_WORD_NEGATED],
      ['!café', 'caf&#233;', C.TOK_WORD_NEGATED],
      ["don't", 'Don’t', C.TOK_WORD_NEGATOR],
      ['好', '好', C.TOK_WORD_CHAR],
      ['看', '看', C.TOK_WORD_CHAR | C.TOK_WORD_JOINED],
      ['👍', '👍🏽', 0],
    ]);
    assert.deepEqual(model[WORDS](''), []);
    // as many words as the text can hold
    const many = 'a '.repeat(5000);
    assert.equal(model[WORDS](many).length, 5000);
  } finally {
    model.dispose();
  }
});

// ---------- canonically equivalent text (NFC and NFD) ----------

// Reviews in scripts whose words a keyboard, macOS or a PDF may give precomposed (NFC) or as a base and combining
// marks or jamo (NFD): Vietnamese, French, Korean, Japanese kana with a voicing mark, Hindi with a nukta (U+095B,
// which NFC itself decomposes), Greek.
const CANONICAL_REVIEWS = [
  ['Tuyệt vời lắm, rất ngon', 'pos'], ['Rất tệ, không ngon', 'neg'], ['très bon café', 'pos'], ['très mauvais', 'neg'],
  ['정말 좋아요', 'pos'], ['정말 별로예요', 'neg'], ['がんばって最高', 'pos'], ['がっかり最悪', 'neg'],
  ['बहुत \u095Bयादा अच्छा', 'pos'], ['\u095Bरा भी अच्छा नहीं', 'neg'], ['Υπέροχη ταινία', 'pos'], ['Απαίσια ταινία', 'neg'],
];
const nfd = (text) => text.normalize('NFD');

test('Unicode case: NFD text gives the tokens of NFC text, in training, prediction and the widget\'s words', async () => {
  assert.ok(CANONICAL_REVIEWS.every(([text]) => nfd(text) !== text), 'every review differs in NFD');
  const texts = CANONICAL_REVIEWS.map(([text]) => text);
  const labels = CANONICAL_REVIEWS.map(([, label]) => label);
  for (const options of [{}, { foldAccents: true }, { kind: 'nblr', epochs: 2 }]) {
    const composed = await NaiveBayes.train(texts, labels, options);
    const decomposed = await NaiveBayes.train(texts.map(nfd), labels, options);
    try {
      assert.deepEqual(decomposed.save(), composed.save(), `the same model from NFD reviews, ${JSON.stringify(options)}`);
      for (const text of texts) {
        const expected = composed.predict(text, { explain: 5 });
        assert.ok(expected.evidence > 0, text);
        assert.deepEqual(composed.predict(nfd(text), { explain: 5 }), expected, `${JSON.stringify(nfd(text))}, ${JSON.stringify(options)}`);
        const words = composed[WORDS](nfd(text));
        assert.deepEqual(words.map((w) => w.token), composed[WORDS](text).map((w) => w.token), nfd(text));
        assert.equal(words.map((w) => nfd(text).slice(w.start, w.end).normalize('NFC')).join(''),
          composed[WORDS](text).map((w) => text.slice(w.start, w.end)).join('').normalize('NFC'), 'the spans are into the NFD text');
        const lit = (t) => highlightSpans(composed[WORDS](t), composed.predict(t, { explain: 32 }).explanation, composed.info().options)
          .map((span) => [t.slice(span.start, span.end).normalize('NFC'), span.label]);
        assert.deepEqual(lit(nfd(text)), lit(text), `the widget lights the same words in ${JSON.stringify(nfd(text))}`);
      }
    } finally {
      composed.dispose();
      decomposed.dispose();
    }
  }
});

test('Unicode case: the widget lights the words predict() read in NFC, over the characters as typed', async () => {
  // The explanation's tokens are the tokenizer's of the NFC text: "ǰoy" folds to "j\u030Coy", which NFC would
  // compose again; ":)" glued to "é" is no emoticon, whether "é" is typed whole or as "e" and a mark (f43487b);
  // a 64-byte cut keeps "é" whole.
  const long = `${'a'.repeat(62)}é`;
  const model = await NaiveBayes.train(['ǰoy ǰoy', `ǰoy :) ${long}`, `:) ${long}`, 'dreadful', 'dreadful :(', 'awful dreadful'],
    ['pos', 'pos', 'pos', 'neg', 'neg', 'neg'], { unicodeCase: true, emoji: true });
  try {
    for (const [typed, lit] of [
      ['What j\u030Coy!', [['j\u030Coy', 'pos']]],
      ['So J\u030COY, not dreadful', [['J\u030COY', 'pos'], ['dreadful', 'neg']]],
      ['dreadful :)e\u0301', [['dreadful', 'neg']]],
      ['dreadful :) e\u0301', [['dreadful', 'neg'], [':)', 'pos']]],
      [`dreadful ${nfd(long)}\u0301`, [['dreadful', 'neg'], [`${nfd(long)}\u0301`, 'pos']]],
    ]) {
      const prediction = model.predict(typed, { explain: 32 });
      const spans = highlightSpans(model[WORDS](typed), prediction.explanation, model.info().options);
      assert.deepEqual(spans.map((s) => [typed.slice(s.start, s.end), s.label]), lit, JSON.stringify(typed));
    }
  } finally {
    model.dispose();
  }
});

test('nfcMapped: every offset of the NFC falls where the typed text normalizes to what precedes it, marks kept whole', () => {
  for (const typed of ['e\u0301\u0323x', '\u1100\u1161\u11a8 \u1100\u1161', 'a=\u0338b', '\u0958\u093c', 'ǰ\u0301\ud800😀', '\u{16D63}\u{16D67}か\u3099']) {
    const normalized = typed.normalize('NFC');
    assert.equal(nfcMapped(typed).text, normalized);
    for (let offset = 0; offset <= normalized.length; offset++) {
      for (const edge of ['start', 'end']) {
        const at = nfcMapped(typed).offsetIn(offset, edge);
        const before = typed.slice(0, at).normalize('NFC');
        assert.ok(normalized.startsWith(before) && typed.slice(at).normalize('NFC') === normalized.slice(before.length), `${JSON.stringify(typed)} ${offset} ${edge}`);
        assert.ok(edge === 'start' ? before.length <= offset : before.length >= offset, `${JSON.stringify(typed)} ${offset} ${edge}`);
      }
    }
  }
});

test('the old tokenizer (unicodeCase false) keeps NFD words its own, as models of format 1 read them', async () => {
  const legacy = { unicodeCase: false, emoji: false, charNgrams: false };
  const model = await NaiveBayes.train(['très bon', 'très mauvais'], ['pos', 'neg'], legacy);
  try {
    assert.ok(model.predict('bon').evidence > 0);
    assert.equal(model.predict(nfd('très')).evidence, 0);
    const trainer = new NaiveBayesTrainer(legacy);
    try {
      trainer.add(nfd('très bon'), 'pos').add('très mauvais', 'neg');
      const other = trainer.finish();
      assert.notDeepEqual(other.save(), model.save());
      other.dispose();
    } finally {
      trainer.dispose();
    }
  } finally {
    model.dispose();
  }
});

test('a byte-order mark: ignored by the Unicode word rules; in a 1.0 word, shown as it is', async () => {
  const unicode = await NaiveBayes.train(['\ufeffgreat film', 'bad x\ufeffy'], ['pos', 'neg']);
  const legacy = await NaiveBayes.train(['\ufeffgreat film', 'bad'], ['pos', 'neg'], { unicodeCase: false, emoji: false, charNgrams: false });
  try {
    assert.deepEqual(unicode[WORDS]('\ufeffgreat x\ufeffy').map((w) => w.token), ['great', 'xy']);
    assert.ok(unicode.predict('great').evidence > 0);
    // The token really starts with U+FEFF; decoding it must not drop the mark.
    assert.ok(legacy.topTokens('pos', 5).some((t) => t.token === '\ufeffgreat'), JSON.stringify(legacy.topTokens('pos', 5)));
    assert.deepEqual(legacy.predict('\ufeffgreat', { explain: 1 }).explanation.map((e) => e.token), ['\ufeffgreat']);
    assert.equal(legacy.predict('great').evidence, 0);
  } finally {
    unicode.dispose();
    legacy.dispose();
  }
});

test('the portable entry has nowhere to write counts: a trainer beyond its limit fails naming it, jobs are refused', async () => {
  const trainer = new NaiveBayesTrainer({ ngrams: [1, 3], memoryLimit: 2 ** 20 });
  const rand = prng(5);
  assert.throws(() => {
    for (let i = 0; i < 20000; i++) trainer.add(Array.from({ length: 30 }, () => `w${Math.floor(rand() * 1e6)}`).join(' '), 'pos');
  }, (error) => {
    assert.equal(error.code, 'NB_TOO_LARGE');
    assert.match(error.message, /more memory than memoryLimit \(1 MiB\).*train in Node/);
    return true;
  });
  assert.ok(trainer.documents > 0);
  trainer.dispose();
  await assert.rejects(NaiveBayes.train(['a', 'b'], ['x', 'y'], { jobs: 2 }), /worker threads/);
});
