// The JS API of the linear kinds and of calibration, against the .wasm the
// package ships: kind 'nblr' from arrays, from a factory of iterables and from
// counts made apart (trainLinear), Complement NB, calibrate() and the
// calibration property, info(), and the errors each refuses with.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { init, NaiveBayes, NaiveBayesTrainer } from '../../web/index.js';
import { fixtureRows, TRAIN, trainPairs } from './nb-fixtures.js';

before(() => init());

const ROWS = fixtureRows(300, 11);
const texts = ROWS.map((r) => r.text);
const labels = ROWS.map((r) => r.label);
const LR = { ngrams: [1, 2], binary: true, kind: 'nblr', l2: 1, epochs: 3, seed: 3 };

describe('kind nblr', () => {
  test('from arrays, from a factory of iterables and from counts made apart: the same model', async () => {
    const fromArrays = await NaiveBayes.train(texts, labels, LR);
    let calls = 0;
    const factory = () => { calls++; return (async function* () { for (let i = 0; i < ROWS.length; i += 70) yield ROWS.slice(i, i + 70); })(); };
    const fromFactory = await NaiveBayes.train(factory, LR);
    const trainer = new NaiveBayesTrainer({ ...LR, ...NaiveBayes.RATIOS });
    trainer.addMany(ROWS);
    const ratios = trainer.finish();
    trainer.dispose();
    const apart = await NaiveBayes.trainLinear(ratios, () => ROWS, LR);
    try {
      assert.equal(calls, 1 + LR.epochs, 'the counts, then one pass per epoch');
      assert.deepEqual(fromFactory.save(), fromArrays.save());
      assert.deepEqual(apart.save(), fromArrays.save());
      const info = fromArrays.info();
      assert.equal(info.kind, 'nblr');
      assert.equal(ratios.info().kind, 'nb');
      assert.deepEqual({ l2: info.options.l2, epochs: info.options.epochs, nbMix: info.options.nbMix, seed: info.options.seed, pieces: info.options.pieces },
        { l2: 1, epochs: 3, nbMix: 0, seed: 3, pieces: 0 });
      assert.equal(info.calibration, null);
      assert.equal(info.classes.length, 3);
      assert.ok(info.classes.every((c) => Number.isFinite(c.base)));
    } finally {
      for (const m of [fromArrays, fromFactory, ratios, apart]) m.dispose();
    }
  });

  test('an epoch of no document is NB_NO_DATA, not a model of zero weights', async () => {
    const once = (function* () { yield* ROWS; })(); // a generator: the counts consume it, the epochs find it empty
    const noData = (error) => {
      assert.equal(error.code, 'NB_NO_DATA');
      assert.match(error.message, /^epoch 1 of 3 saw no document: .*fresh iterable/);
      return true;
    };
    await assert.rejects(NaiveBayes.train(() => once, LR), noData);
    const trainer = new NaiveBayesTrainer({ ...LR, ...NaiveBayes.RATIOS });
    trainer.addMany(ROWS);
    const ratios = trainer.finish();
    trainer.dispose();
    try {
      await assert.rejects(NaiveBayes.trainLinear(ratios, () => [], LR), noData);
    } finally {
      ratios.dispose();
    }
  });

  test('predict keeps its shape; probabilities from the logistic link; the explanation moves the score most', async () => {
    const model = await trainPairs([['good fun great', 'pos'], ['good', 'pos'], ['bad dull awful', 'neg'], ['bad', 'neg']],
      { kind: 'nblr', binary: true, l2: 0.1, epochs: 10, weightBits: 32 });
    try {
      const p = model.predict('good fun, bad and more good', { explain: 5 });
      assert.deepEqual(Object.keys(p), ['label', 'probabilities', 'evidence', 'explanation']);
      assert.equal(p.evidence, 3); // presences: good once
      const base = model.info().classes.map((c) => c.base);
      assert.equal(base[0], 0); // two classes: one weight vector, on the second class
      const w = Object.fromEntries(model.topTokens('pos', 10).map((t) => [t.token, t.weight]));
      const neg = Object.fromEntries(model.topTokens('neg', 10).map((t) => [t.token, t.weight]));
      const score = base[1] + w.good + w.fun - neg.bad; // class 0's weights are 0: the strengths are ±w
      assert.ok(Math.abs(p.probabilities.pos - 1 / (1 + Math.exp(-score))) < 1e-9);
      assert.deepEqual(p.explanation.map((e) => e.token).sort(), ['bad', 'fun', 'good']);
      assert.equal(p.explanation.find((e) => e.token === 'bad').label, 'neg');
      assert.ok(p.explanation[0].weight >= p.explanation[1].weight);
    } finally {
      model.dispose();
    }
  });

  test('sentence pieces and NB mix change the model; the seed decides the order', async () => {
    const models = await Promise.all([LR, { ...LR, pieces: 2 }, { ...LR, nbMix: 0.2 }, { ...LR, seed: 4 }, LR]
      .map((o) => NaiveBayes.train(texts, labels, o)));
    try {
      const bytes = models.map((m) => Buffer.from(m.save()).toString('base64'));
      assert.equal(new Set(bytes.slice(0, 4)).size, 4);
      assert.equal(bytes[4], bytes[0]);
    } finally {
      for (const m of models) m.dispose();
    }
  });

  test('an array of records, or of batches of them, is read again each epoch: the model of a function returning it', async () => {
    const batches = [ROWS.slice(0, 100), ROWS.slice(100)];
    const expected = await NaiveBayes.train(() => ROWS, LR);
    try {
      for (const source of [ROWS, batches]) {
        const model = await NaiveBayes.train(source, LR);
        try {
          assert.deepEqual(model.save(), expected.save());
        } finally {
          model.dispose();
        }
      }
    } finally {
      expected.dispose();
    }
  });

  test('refuses a one-shot iterable, bad options and ratios that are not kind nb', async () => {
    await assert.rejects(NaiveBayes.train((async function* () { yield ROWS; })(), LR), /once per epoch/);
    await assert.rejects(NaiveBayes.train(texts, labels, { ...LR, kind: 'svm' }), RangeError);
    await assert.rejects(NaiveBayes.train(texts, labels, { ...LR, l2: 0 }), RangeError);
    await assert.rejects(NaiveBayes.train(texts, labels, { ...LR, epochs: 0 }), RangeError);
    await assert.rejects(NaiveBayes.train(texts, labels, { ...LR, nbMix: 2 }), RangeError);
    await assert.rejects(NaiveBayes.train(texts, labels, { ...LR, pieces: 1.5 }), RangeError);
    const complement = await NaiveBayes.train(texts, labels, { kind: 'complement' });
    const linear = await NaiveBayes.train(texts, labels, LR);
    try {
      // the ratios are the counts' NB model: another kind is named, not a bare INVALID_ARGUMENT from C
      await assert.rejects(NaiveBayes.trainLinear(complement, () => ROWS, LR), { name: 'RangeError', message: /kind 'nb' model .*got kind 'complement'/ });
      await assert.rejects(NaiveBayes.trainLinear(linear, () => ROWS, LR), { name: 'RangeError', message: /got kind 'nblr'/ });
      await assert.rejects(NaiveBayes.trainLinear({}, () => ROWS, LR), TypeError);
    } finally {
      complement.dispose();
      linear.dispose();
    }
  });
});

describe('Complement NB', () => {
  test('kind complement: no prior in its scores, saved as major 2, loads back', async () => {
    const model = await trainPairs(TRAIN, { kind: 'complement' });
    try {
      assert.equal(model.info().kind, 'complement');
      assert.deepEqual(model.info().classes.map((c) => c.base), [0, 0, 0]);
      const bytes = model.save();
      assert.equal(bytes[8], 2);
      const back = NaiveBayes.load(bytes);
      assert.deepEqual(back.predict('good fun'), model.predict('good fun'));
      back.dispose();
    } finally {
      model.dispose();
    }
  });
});

describe('calibration', () => {
  test('calibrate() fits, stores and saves it; labels never change; null removes it', async () => {
    // the 1.0 tokenizer: an NB model that 1.x readers load, whose calibration makes it 1.1
    const model = await NaiveBayes.train(texts, labels, { ngrams: [1, 2], charNgrams: false, emoji: false, unicodeCase: false });
    try {
      const before = texts.map((t) => model.predict(t, { explain: 0 }));
      const fitted = model.calibrate(texts, labels);
      assert.deepEqual(model.calibration, fitted);
      assert.ok(Number.isFinite(fitted.a) && Number.isFinite(fitted.b));
      const after = texts.map((t) => model.predict(t, { explain: 0 }));
      assert.deepEqual(after.map((p) => p.label), before.map((p) => p.label));
      assert.ok(after.some((p, i) => p.probabilities[p.label] !== before[i].probabilities[p.label]));
      const bytes = model.save();
      assert.deepEqual([bytes[8], bytes[10]], [1, 1]); // an NB model with CALB: version 1.1
      const back = NaiveBayes.load(bytes);
      assert.deepEqual(back.calibration, fitted);
      assert.deepEqual(back.predict(texts[0]), model.predict(texts[0]));
      back.dispose();
      const temperature = model.calibrate(texts, labels, { lengthAware: false });
      assert.equal(temperature.b, 0);
      model.calibration = null;
      assert.equal(model.calibration, null);
      assert.deepEqual(model.save()[10], 0);
      assert.deepEqual(texts.map((t) => model.predict(t, { explain: 0 })), before);
    } finally {
      model.dispose();
    }
  });

  test('refuses what it cannot use', async () => {
    const model = await trainPairs(TRAIN);
    try {
      assert.throws(() => model.calibrate('text', ['pos']), TypeError);
      assert.throws(() => model.calibrate(['a', 'b'], ['pos']), RangeError);
      assert.throws(() => model.calibrate([], []), RangeError);
      assert.throws(() => model.calibrate(['a'], ['nope']), /not a class/);
      assert.throws(() => model.calibrate(['a'], ['pos'], { lengthAware: 1 }), TypeError);
      // Texts that cannot show how far to trust the model: refused, and the calibration stays as it was.
      model.calibration = { a: 0.5, b: 0 };
      for (const lengthAware of [true, false]) {
        assert.throws(() => model.calibrate(['', 'zzz qqq', '!!!'], ['pos', 'neg', 'pos'], { lengthAware }),
          { name: 'RangeError', message: 'calibrate: none of the 3 texts has a token the model knows, so they cannot tell how far to trust it' });
        assert.throws(() => model.calibrate(['xqzzy'], ['pos'], { lengthAware }),
          { name: 'RangeError', message: 'calibrate: the one text has no token the model knows, so it cannot tell how far to trust it' });
        assert.throws(() => model.calibrate(['good great', 'awful bad'], ['neg', 'pos'], { lengthAware }),
          { name: 'RangeError', message: /^calibrate: on these 2 texts the model's scores favour other classes than their labels/ });
        assert.deepEqual(model.calibration, { a: 0.5, b: 0 });
      }
      assert.doesNotThrow(() => model.calibrate(['good great', 'awful bad', 'good', 'bad'], ['pos', 'neg', 'neg', 'neg']));
      assert.throws(() => { model.calibration = { a: 25, b: 0 }; }, RangeError);
      assert.throws(() => { model.calibration = { a: 0, b: Number.NaN }; }, RangeError);
      assert.throws(() => { model.calibration = 3; }, TypeError);
    } finally {
      model.dispose();
    }
  });
});
