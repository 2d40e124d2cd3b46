// Wrong arguments to the Naive Bayes API: each a TypeError or RangeError that
// names the argument, or a PaletteSentimentError with a stable code
// (NB_NO_DATA, NB_MISMATCH); a failed call changes nothing; a disposed model or
// trainer refuses every use. Damaged model bytes go in nb-model-file.test.js,
// odd but valid text in nb-hostile-text.test.js.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { init, NaiveBayes, NaiveBayesTrainer, PaletteSentimentError } from '../../web/index.js';
import { assertError, testArgumentErrors } from './fixtures.js';
import { HAND_DOCS, TRAIN, trainPairs } from './nb-fixtures.js';

let model; // HAND_DOCS, default options
let small; // TRAIN, 1-2 grams
before(async () => {
  await init();
  model = await trainPairs(HAND_DOCS);
  small = await trainPairs(TRAIN, { ngrams: [1, 2] });
});
after(() => {
  model?.dispose();
  small?.dispose();
});

async function assertRejectsCode(promise, code, message = /./) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof PaletteSentimentError, `expected PaletteSentimentError, got ${error}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

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
  await rejects([() => 42, {}], TypeError, /the documents must be an \(async\) iterable of \{text, label\} records or batches of them, got number/);
  await rejects([() => null, { kind: 'nblr' }], TypeError, /the documents must be .*, got null/);
  await rejects([texts, labels, { ngrams: 0 }], RangeError, /options\.ngrams must be an integer from 1 to 3, got 0/);
  await rejects([texts, labels, { charNgrams: 4 }], RangeError, /options\.charNgrams must be an integer from 1 to 3, got 4/);
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
  await rejects([texts], TypeError, /labels are missing/);
  await rejects([[{ text: 'good', label: 'pos' }, null]], TypeError, /records\[1\]/);
  // the index counts every record before it, across batches
  await rejects([[{ text: 'good', label: 'pos' }, { text: 5, label: 'neg' }]], TypeError, /records\[1\]\.text/);
  await rejects([[[{ text: 'good', label: 'pos' }], [{ text: 'bad', label: 'neg' }, { text: 'ok', label: '' }]]], RangeError, /records\[2\]\.label/);
  assert.throws(() => new NaiveBayesTrainer({ weightBits: 4 }), RangeError);
  assert.throws(() => new NaiveBayes(0), TypeError);
});

test('a misspelt training option names every option train and trainLinear take', async () => {
  const known = (error) => error.message.match(/known: (.*)$/)[1].split(', ');
  const fromTrain = await NaiveBayes.train(texts, labels, { job: 2 }).catch((error) => error);
  assert.ok(fromTrain instanceof TypeError, String(fromTrain));
  for (const key of ['jobs', 'metadata', 'memoryLimit', 'kind', 'alpha']) assert.ok(known(fromTrain).includes(key), key);
  const ratios = await NaiveBayes.train(texts, labels, NaiveBayes.RATIOS);
  try {
    const fromLinear = await NaiveBayes.trainLinear(ratios, () => [], { kind: 'nblr', metdata: {} }).catch((error) => error);
    assert.ok(fromLinear instanceof TypeError, String(fromLinear));
    for (const key of ['jobs', 'metadata', 'memoryLimit', 'l2']) assert.ok(known(fromLinear).includes(key), key);
  } finally {
    ratios.dispose();
  }
});

test('an option set to undefined takes its default, as when it is left out', async () => {
  const plain = await NaiveBayes.train(texts, labels);
  const given = await NaiveBayes.train(texts, labels, { alpha: undefined, ngrams: undefined, kind: undefined, jobs: undefined });
  const trainer = new NaiveBayesTrainer({ alpha: undefined, minDf: undefined });
  trainer.add('good', 'pos').add('bad', 'neg');
  const fromTrainer = trainer.finish();
  trainer.dispose();
  try {
    assert.deepEqual(given.save(), plain.save());
    assert.deepEqual(fromTrainer.save(), plain.save());
  } finally {
    for (const m of [plain, given, fromTrainer]) m.dispose();
  }
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
  assert.throws(() => model.calibrate(['good'], ['pos'], { lenghtAware: false }), { name: 'TypeError', message: /options\.lenghtAware/ });
  assert.throws(() => model.calibrate(['good'], ['pos'], null), { name: 'TypeError', message: /options must be an object/ });
  assert.throws(() => model.setMetadata('', 'x'), TypeError);
  assert.throws(() => model.setMetadata('k', 5), TypeError);
  assert.throws(() => NaiveBayes.load('model.nbm'), { name: 'TypeError', message: /bytes/ });
  assert.throws(() => NaiveBayes.load([1, 2, 3]), { name: 'TypeError', message: /bytes/ });
});

test('labels trained as numbers are asked for as numbers too (topTokens)', async () => {
  const numbered = await NaiveBayes.train(['good fun', 'bad boring', 'great', 'awful'], [1, 0, 1, 0]);
  try {
    assert.deepEqual(numbered.labels, ['0', '1']);
    assert.deepEqual(numbered.topTokens(1, 3), numbered.topTokens('1', 3));
    assert.ok(numbered.topTokens(1, 3).length > 0);
    assert.throws(() => numbered.topTokens(2), { name: 'RangeError', message: /label must be one of "0", "1"/ });
  } finally {
    numbered.dispose();
  }
});

test('fewer than 2 classes, no document, or every token pruned: NB_NO_DATA, saying which', async () => {
  const oneClass = /^one class only \('pos', 2 documents\): a model needs at least two$/;
  const none = /^no training data: no document was counted$/;
  const pruned = /^every token was pruned: none is in min-df documents or more$/;
  await assertRejectsCode(NaiveBayes.train(['good', 'great'], ['pos', 'pos']), 'NB_NO_DATA', oneClass);
  await assertRejectsCode(NaiveBayes.train([], []), 'NB_NO_DATA', none);
  await assertRejectsCode(NaiveBayes.train((async function* empty() {})(), {}), 'NB_NO_DATA', none);
  await assertRejectsCode(NaiveBayes.train(['good', 'bad'], ['pos', 'neg'], { minDf: 2 }), 'NB_NO_DATA', pruned);
});

describe('wrong argument types and ranges', () => {
  testArgumentErrors([
    ['predict options null', () => small.predict('x', null), TypeError, /options/],
    ['predict unknown option', () => small.predict('x', { explian: 3 }), TypeError, /options\.explian/],
    ['predict explain a string', () => small.predict('x', { explain: '5' }), TypeError, /options\.explain/],
    ['predict explain NaN', () => small.predict('x', { explain: NaN }), RangeError, /options\.explain/],
    ['predictMany null', () => small.predictMany(null), TypeError, /texts/],
    ['predictMany explain -1', () => small.predictMany(['x'], { explain: -1 }), RangeError, /options\.explain/],
    ['topTokens n 1001', () => small.topTokens('pos', 1001), RangeError, /\bn\b/],
    ['topTokens n a string', () => small.topTokens('pos', '5'), TypeError, /\bn\b/],
    ['topTokens label a number', () => small.topTokens(1), RangeError, /label/],
    ['setMetadata key a number', () => small.setMetadata(5, 'v'), TypeError, /key/],
    ['setMetadata value null', () => small.setMetadata('k', null), TypeError, /value/],
    ['setMetadata key over 1024 bytes', () => small.setMetadata('é'.repeat(513), 'v'), RangeError, /key/],
    ['setMetadata value over 1 MiB', () => small.setMetadata('k', 'x'.repeat((1 << 20) + 1)), RangeError, /value/],
    ['NaiveBayes.load undefined', () => NaiveBayes.load(), TypeError, /bytes/],
    ['new NaiveBayes(handle) from outside', () => new NaiveBayes(8), TypeError, /train|load/],
    ['trainer options an array', () => new NaiveBayesTrainer([]), TypeError, /options/],
    ['trainer weightBits a string', () => new NaiveBayesTrainer({ weightBits: '8' }), TypeError, /weightBits/],
    ['trainer negation a string', () => new NaiveBayesTrainer({ negation: 'no' }), TypeError, /negation/],
    ['trainer alpha Infinity', () => new NaiveBayesTrainer({ alpha: Infinity }), RangeError, /alpha/],
    ['trainer maxFeatures 1.5', () => new NaiveBayesTrainer({ maxFeatures: 1.5 }), RangeError, /maxFeatures/],
    ['trainer ngrams [1]', () => new NaiveBayesTrainer({ ngrams: [1] }), TypeError, /ngrams/],
    ['trainer metadata an array', () => new NaiveBayesTrainer({ metadata: [] }), TypeError, /metadata/],
    ['trainer metadata value over 1 MiB', () => new NaiveBayesTrainer({ metadata: { k: 'x'.repeat((1 << 20) + 1) } }), RangeError, /metadata/],
  ]);

  test('trainer methods', () => {
    const t = new NaiveBayesTrainer();
    const other = new NaiveBayesTrainer({ binary: true });
    try {
      assert.throws(() => t.add(null, 'pos'), { name: 'TypeError', message: /text/ });
      assert.throws(() => t.add('x', NaN), { name: 'TypeError', message: /label must be a string or a finite number, got NaN/ });
      assert.throws(() => t.add('x', -Infinity), { name: 'TypeError', message: /got -Infinity/ });
      assert.throws(() => t.add('x', {}), { name: 'TypeError', message: /got object/ });
      assert.throws(() => t.add('x', 'l'.repeat(1025)), { name: 'RangeError', message: /label.*1024/ });
      assert.throws(() => t.addMany([null]), { name: 'TypeError', message: /records\[0\]/ });
      assert.throws(() => t.addMany([{ text: 1, label: 'a' }]), { name: 'TypeError', message: /records\[0\]\.text/ });
      assert.throws(() => t.addMany(['a'], 'pos'), { name: 'TypeError', message: /labels/ });
      assert.throws(() => t.merge(null), { name: 'TypeError', message: /other/ });
      assert.throws(() => t.merge({}), { name: 'TypeError', message: /other/ });
      assert.throws(() => t.merge(t), { name: 'RangeError', message: /itself/ });
      t.add('good', 'pos').add('bad', 'neg');
      assertError(() => t.merge(other), 'NB_MISMATCH', 'different options');
      assert.throws(() => t.finish(null), { name: 'TypeError', message: /options/ });
      assert.throws(() => t.finish({ metadata: 5 }), { name: 'TypeError', message: /metadata/ });
      assert.throws(() => t.finish({ metadata: { k: 1 } }), { name: 'TypeError', message: /metadata\.k/ });
      assert.throws(() => t.finish({ meta: {} }), { name: 'TypeError', message: /options\.meta/ });
      assert.equal(t.documents, 2, 'failed calls added nothing');
      const m = t.finish({ metadata: { note: 'ok' } });
      assert.equal(m.info().metadata.note, 'ok');
      m.dispose();
    } finally {
      t.dispose();
      other.dispose();
    }
  });
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
