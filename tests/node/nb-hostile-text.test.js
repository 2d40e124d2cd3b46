// Hostile but valid text through predict(): invalid UTF-8 read as Latin-1,
// lone surrogates, NULs, control characters, 10 MB, nothing but punctuation or
// stop words. Each gives a defined, repeatable prediction and returns its
// memory. Wrong argument types go in nb-validation.test.js.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { init, NaiveBayes } from '../../web/index.js';
import { heapShape } from './fixtures.js';
import { TRAIN, trainPairs } from './nb-fixtures.js';

const SHIPPED = fileURLToPath(new URL('../../models/imdb-sentiment.nbm', import.meta.url));

function assertDistribution(prediction, labels, what) {
  assert.ok(labels.includes(prediction.label), `${what}: label ${prediction.label}`);
  assert.deepEqual(Object.keys(prediction.probabilities), [...labels], what);
  let sum = 0;
  for (const p of Object.values(prediction.probabilities)) {
    assert.ok(Number.isFinite(p) && p >= 0 && p <= 1, `${what}: probability ${p}`);
    sum += p;
  }
  assert.ok(Math.abs(sum - 1) < 1e-12, `${what}: probabilities sum to ${sum}`);
  assert.ok(Number.isInteger(prediction.evidence) && prediction.evidence >= 0, `${what}: evidence ${prediction.evidence}`);
  for (const e of prediction.explanation) assert.ok(Number.isFinite(e.weight) && e.weight > 0 && labels.includes(e.label), what);
}

let small;
let stop; // stop words removed at training and prediction
before(async () => {
  await init();
  small = await trainPairs(TRAIN, { ngrams: [1, 2] });
  stop = await trainPairs(TRAIN, { stopwords: true });
});
after(() => {
  small?.dispose();
  stop?.dispose();
});

describe('hostile text gives a defined prediction', () => {
  const latin1 = Buffer.from('Tr\xe8s bon film, g\xe9nial! \xe0 voir \xff\xfe good', 'latin1');
  const texts = {
    'invalid UTF-8 decoded as UTF-8 (U+FFFD)': new TextDecoder().decode(latin1),
    'Latin-1 bytes decoded as Latin-1': latin1.toString('latin1'),
    'lone surrogates': '\uD800good\uDFFF \uDBFF \uDC00fun\uD83D',
    'NUL characters': '\0good\0\0fun\0',
    'only NULs': '\0'.repeat(1000),
    'empty string': '',
    'only punctuation': '!!! ... ??? ,,, ;:-() "\'" — … «» ¿¡',
    'only stop words': 'the and of a is it this that to in was for on with as',
    'control characters': '\x01\x02\x1b[31mgood\x7f\u0085\u2028\u2029\uFEFF',
  };
  const models = () => [['small (1-2 grams)', small], ['stop words removed', stop]];

  for (const [name, text] of Object.entries(texts)) {
    test(name, () => {
      for (const [label, model] of models()) {
        const p = model.predict(text, { explain: 5 });
        assertDistribution(p, model.labels, `${label}: ${name}`);
        assert.deepEqual(model.predict(text, { explain: 5 }), p, 'the same text twice, the same result');
      }
    });
  }

  test('lone surrogates read as U+FFFD, NULs as separators', () => {
    assert.deepEqual(small.predict('\uD800good\uDFFF fun'), small.predict('\uFFFDgood\uFFFD fun'));
    assert.equal(small.predict('\0good\0\0fun\0').evidence, small.predict(' good  fun ').evidence);
  });

  test('nothing known (empty, punctuation, stop words with them removed): the prior, evidence 0', () => {
    for (const text of [texts['empty string'], texts['only punctuation'], texts['only NULs']]) {
      const p = small.predict(text);
      assert.equal(p.evidence, 0);
      assert.equal(p.explanation.length, 0);
      assert.ok(Math.abs(p.probabilities.pos - 3 / 8) < 1e-9 && Math.abs(p.probabilities.meh - 2 / 8) < 1e-9);
    }
    assert.equal(stop.predict(texts['only stop words']).evidence, 0);
  });

  test('a 10 MB review: a defined result, and the staging buffer is given back', () => {
    const unit = 'a good fun film with bad moments and great acting, \u00e9t\u00e9 \ud83d\ude00 ';
    const big = unit.repeat(Math.ceil(10_000_000 / unit.length));
    assert.ok(big.length >= 10_000_000);
    const p = small.predict(big, { explain: 3 });
    assertDistribution(p, small.labels, '10 MB');
    assert.ok(p.evidence > 1_000_000, `evidence ${p.evidence}`);
    assert.equal(p.label, 'pos');
    // the 30 MB staging buffer is freed: the next big call reuses the same memory
    const shape = heapShape();
    small.predict(big, { explain: 0 });
    assert.deepEqual(heapShape(), shape);
  });

  test('the shipped model on the same texts', { skip: existsSync(SHIPPED) ? false : `${SHIPPED} is absent` }, () => {
    const model = NaiveBayes.load(readFileSync(SHIPPED));
    try {
      for (const [name, text] of Object.entries(texts)) assertDistribution(model.predict(text), model.labels, `shipped: ${name}`);
      assertDistribution(model.predict('brilliant '.repeat(200_000)), model.labels, 'shipped: 2 MB of one word');
    } finally {
      model.dispose();
    }
  });
});
